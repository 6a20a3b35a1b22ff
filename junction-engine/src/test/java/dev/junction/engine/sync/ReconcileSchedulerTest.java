package dev.junction.engine.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.core.config.SyncSpec;
import dev.junction.core.model.Ids;
import dev.junction.store.Store;
import dev.junction.store.TestDatabases;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reconciliation schedule stepped by hand on a manual clock, on a real SQLite store: no sleeping. */
class ReconcileSchedulerTest {

    static final Instant T0 = Instant.parse("2026-11-30T21:00:00Z");

    @TempDir
    Path dir;
    Store store;
    Instant now = T0;
    final Clock clock = new Clock() {
        @Override public Instant instant() { return now; }
        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
    };
    Reconciler reconciler;

    @BeforeEach
    void open() {
        store = TestDatabases.sqlite(dir);
        SyncSpec base = SyncStepTest.spec(Map.of());
        // Its systems have no listing: each run is quick, says so, and is kept.
        SyncSpec hourly = new SyncSpec(base.name(), base.match(), base.fields(), base.systems(), base.conflicts(), Duration.ofHours(1));
        reconciler = new Reconciler(Map.of("contacts", hourly), Map.of(), Map.of(), store, HttpClient.newHttpClient(), clock,
                new Ids(clock, new java.util.Random(3)), "node-1", Duration.ofMinutes(1), () -> { });
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aSyncIsReconciledAnIntervalAfterStartAndEveryIntervalAfterUnlessAnotherNodeHoldsIt() throws Exception {
        ReconcileScheduler scheduler = new ReconcileScheduler(reconciler, clock);
        assertThat(scheduler.step()).isEqualTo(T0.plus(Duration.ofHours(1)));
        assertThat(store.latestReconciliation("contacts")).isEmpty();

        now = T0.plus(Duration.ofHours(1));
        assertThat(scheduler.step()).isEqualTo(T0.plus(Duration.ofHours(2)));
        var first = store.latestReconciliation("contacts").orElseThrow();
        assertThat(first.startedAt()).isEqualTo(now);
        ReconcileReport report = ReconcileReport.read(first.report());
        assertThat(report.failed()).containsOnlyKeys("crm-a", "crm-b", "crm-c");
        assertThat(report.failed().get("crm-a")).isEqualTo("no list source nor list request configured");
        assertThat(store.pollLease("reconcile:contacts")).as("released after the run").isEmpty();

        now = T0.plus(Duration.ofHours(2));
        assertThat(store.acquirePollLease("reconcile:contacts", "node-2", now, Duration.ofMinutes(5))).isTrue();
        assertThat(scheduler.step()).as("looked at again once node-2's run is likely recorded")
                .isEqualTo(now.plus(ReconcileScheduler.AFTER_FAILURE));
        assertThat(store.latestReconciliation("contacts")).as("node-2 reconciles it").contains(first);
    }

    @Test
    void anUnknownSyncIsAClearError() {
        assertThatThrownBy(() -> reconciler.reconcile("deals")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no sync 'deals' (syncs: contacts)");
    }
}
