package dev.junction.server.sync;

import static dev.junction.server.sync.SyncEndToEndTest.everywhere;
import static dev.junction.server.sync.SyncEndToEndTest.reconcile;
import static dev.junction.server.sync.SyncEndToEndTest.SETTLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.junction.engine.sync.ReconcileReport;
import dev.junction.server.demo.crm.Counted;
import dev.junction.store.DeliveryFilter;
import dev.junction.store.PageRequest;
import dev.junction.store.Store;
import dev.junction.store.SyncStates;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A record a version before ADR 0051 kept twice (its key in another case, linked nowhere once its person's extra copy
 * was merged away): a reconciliation forgets it instead of re-creating it in every system at every run, writes that
 * could never land (each system's copy is the twin's).
 */
class SyncLeftoverTwinEndToEndTest {

    @TempDir
    Path dir;

    @Test
    void aTwinLinkedNowhereIsForgottenByAReconciliationNotRecreatedEverywhere() throws Exception {
        try (SyncedCrms s = new SyncedCrms("sqlite:" + dir.resolve("junction.db"), name -> Clock.systemUTC())) {
            s.crm("crm-a").create(Map.of("email", "kim@example.com", "first_name", "Kim"));
            everywhere(s, "kim@example.com", "first_name", "Kim");
            SyncEndToEndTest.quiet(s);
            Store store = s.gateway.pipeline().store();
            // The leftover, as an older version left it: the same person's state under the key in another case, no links.
            String state = store.syncRecord("contacts", "kim@example.com").orElseThrow().state();
            assertThat(store.commitSync(new SyncStates.SyncCommit("contacts", "Kim@Example.com", 0, state, Map.of(), List.of(), Instant.now()),
                    List.of(), () -> "dlv_leftover")).isTrue();
            long creates = s.crm("crm-b").count(Counted.CREATES);

            ReconcileReport first = reconcile(s);

            assertThat(first.counts()).containsEntry("duplicate/forgotten", 1L).doesNotContainKey("missing/recreated");
            assertThat(store.syncRecord("contacts", "Kim@Example.com")).isEmpty();
            assertThat(store.syncRecord("contacts", "kim@example.com")).isPresent();
            ReconcileReport second = reconcile(s);
            assertThat(second.records()).isEqualTo(second.consistent());
            SyncEndToEndTest.quiet(s);
            assertThat(s.crm("crm-b").count(Counted.CREATES)).isEqualTo(creates);
            assertThat(store.deadLetters(Optional.empty(), Optional.empty(), 10)).isEmpty();
            await().atMost(SETTLE).until(() -> store.deliveries(DeliveryFilter.ALL.state(dev.junction.core.model.DeliveryState.PENDING),
                    PageRequest.oldestFirst(null, 10)).isEmpty());
        }
    }
}
