package dev.junction.server.sync;

import static dev.junction.server.sync.SyncEndToEndTest.byEmail;
import static dev.junction.server.sync.SyncEndToEndTest.everywhere;
import static dev.junction.server.sync.SyncEndToEndTest.field;
import static dev.junction.server.sync.SyncEndToEndTest.id;
import static dev.junction.server.sync.SyncEndToEndTest.reconcile;
import static dev.junction.server.sync.SyncEndToEndTest.SETTLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.engine.sync.Finding;
import dev.junction.engine.sync.ReconcileReport;
import dev.junction.engine.sync.Reconciler;
import dev.junction.server.ShiftedClock;
import dev.junction.server.TestGateways;
import dev.junction.server.cli.CliRun;
import dev.junction.server.demo.crm.CrmSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reconciliation against three simulated CRMs over real sockets: drift made behind Junction's back (an edit whose
 * webhook was lost, an edit stamped older than what Junction heard, a record deleted, a record created while webhooks
 * were off) is found, repaired through the pipeline, and a second run finds every record consistent.
 */
class ReconcileEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final ShiftedClock crmCClock = new ShiftedClock();

    private SyncedCrms start() {
        return new SyncedCrms("sqlite:" + dir.resolve("junction.db"), name -> name.equals("crm-c") ? crmCClock : Clock.systemUTC());
    }

    /** Every CRM has told Junction all its changes (Junction's echoes included), and Junction has nothing left to write. */
    private static void settled(SyncedCrms s) {
        await().atMost(SETTLE).until(() -> s.crms.values().stream().allMatch(c -> c.webhooksPending() == 0));
        SyncEndToEndTest.quiet(s);
    }

    @Test
    void driftMadeBehindJunctionsBackIsFoundRepairedAndTheSecondRunFindsEveryRecordConsistent() throws Exception {
        try (SyncedCrms s = start()) {
            CrmSimulator a = s.crm("crm-a");
            CrmSimulator b = s.crm("crm-b");
            CrmSimulator c = s.crm("crm-c");
            for (String name : new String[] {"ann", "bob", "carl", "eve"}) {
                a.create(Map.of("email", name + "@example.com", "first_name", name, "last_name", "Lee", "phone", "1"));
            }
            for (String name : new String[] {"ann", "bob", "carl", "eve"}) everywhere(s, name + "@example.com", "first_name", name);
            settled(s);
            ReconcileReport clean = reconcile(s);
            assertThat(clean.records()).isEqualTo(4);
            assertThat(clean.ratio()).isEqualTo(1.0);
            assertThat(clean.listed()).containsEntry("crm-a", 4).containsEntry("crm-b", 4).containsEntry("crm-c", 4);

            // Behind Junction's back: no webhook tells it of any of this.
            s.crms.values().forEach(crm -> crm.webhookUrl(null));
            b.edit(id(b, "ann@example.com"), "last_name", "Lee-Smith");       // an edit whose webhook was lost
            crmCClock.offset(Duration.ofHours(-1));
            c.edit(id(c, "bob@example.com"), "first_name", "Robert");         // stamped older than what crm-c last said
            crmCClock.offset(Duration.ZERO);
            String carlWas = id(a, "carl@example.com");
            assertThat(a.delete(carlWas)).isTrue();                            // deleted in crm-a
            a.create(Map.of("email", "dan@example.com", "first_name", "Dan")); // created while webhooks were off

            ReconcileReport drift = reconcile(s);
            assertThat(drift.records()).isEqualTo(5);
            assertThat(drift.consistent()).as("only eve is untouched").isEqualTo(1);
            assertThat(drift.ratio()).isEqualTo(0.2);
            assertThat(drift.findings()).extracting(f -> f.key() + " " + f.system() + " " + f.kind().label() + " " + f.action().label())
                    .containsExactlyInAnyOrder(
                            "ann@example.com crm-b differs change",
                            "bob@example.com crm-c differs repushed",
                            "carl@example.com crm-a missing recreated",
                            "dan@example.com crm-a unknown change");
            assertThat(s.metrics().consistency("contacts")).isEqualTo(0.2);

            // The repairs went through the pipeline: the missed edit is everywhere, the older one undone, carl and dan everywhere.
            everywhere(s, "ann@example.com", "last_name", "Lee-Smith");
            await().atMost(SETTLE).until(() -> "bob".equals(field(c, "bob@example.com", "first_name")));
            await().atMost(SETTLE).until(() -> byEmail(a, "carl@example.com").isPresent());
            assertThat(id(a, "carl@example.com")).isNotEqualTo(carlWas);
            everywhere(s, "carl@example.com", "last_name", "Lee");
            everywhere(s, "dan@example.com", "first_name", "Dan");
            SyncEndToEndTest.quiet(s);
            for (CrmSimulator crm : s.crms.values()) assertThat(crm.duplicates()).as(crm.name()).isZero();
            assertThat(s.gateway.pipeline().store().syncRecord("contacts", "carl@example.com").orElseThrow().links().get("crm-a").systemId())
                    .isEqualTo(id(a, "carl@example.com"));

            // The CLI, against the running gateway's store: every record consistent now, exit 0.
            Path config = Files.writeString(dir.resolve("junction.yaml"), s.config());
            CliRun run = CliRun.run("reconcile", "--config", config.toString(), "--sync", "contacts");
            assertThat(run.exit()).as(run.out() + run.err()).isZero();
            assertThat(run.out()).contains("sync contacts: 5 record(s), 5 consistent in every system (100.00%)")
                    .contains("crm-a: 5 record(s) listed");
            JsonNode latest = JSON.readTree(TestGateways.get(s.gateway.port(), "/api/v1/syncs/contacts/reconciliations/latest").body());
            assertThat(latest.path("ratio").asDouble()).isEqualTo(1.0);
            assertThat(latest.path("records").asLong()).isEqualTo(5);
            assertThat(latest.path("findings")).isEmpty();
            // This node's gauge shows its own last run; the CLI's ran in another pipeline: run once more here.
            assertThat(reconcile(s).ratio()).isEqualTo(1.0);
            String scrape = TestGateways.get(s.gateway.port(), "/metrics").body();
            assertThat(scrape).contains("junction_sync_consistency_ratio{sync=\"contacts\"} 1.0");
        }
    }

    @Test
    void duplicatesAreLeftForAPersonAndOneNodeAtATimeReconciles() throws Exception {
        try (SyncedCrms s = start()) {
            CrmSimulator b = s.crm("crm-b");
            s.crm("crm-a").create(Map.of("email", "fay@example.com", "first_name", "Fay"));
            everywhere(s, "fay@example.com", "first_name", "Fay");
            settled(s);
            b.webhookUrl(null);
            b.create(Map.of("email", "fay@example.com", "first_name", "Fay"));  // a second Fay, made by crm-b's user

            ReconcileReport report = reconcile(s);
            assertThat(report.findings()).singleElement().satisfies(f -> {
                assertThat(f.system()).isEqualTo("crm-b");
                assertThat(f.kind()).isEqualTo(Finding.Kind.DUPLICATE);
                assertThat(f.action()).isEqualTo(Finding.Action.REVIEW);
            });
            assertThat(report.ratio()).isZero();
            SyncEndToEndTest.quiet(s);
            assertThat(b.findByEmail("fay@example.com")).as("nothing merged or deleted").hasSize(2);

            // Another node holds the sync's reconciliation lease: this one skips, and says so.
            var store = s.gateway.pipeline().store();
            assertThat(store.acquirePollLease("reconcile:contacts", "other-node", Instant.now(), Duration.ofMinutes(1))).isTrue();
            assertThat(s.gateway.pipeline().reconciler().reconcile("contacts")).isInstanceOf(Reconciler.Result.Skipped.class);
            assertThat(TestGateways.postEmpty(s.gateway.port(), "/api/v1/syncs/contacts/reconciliations").statusCode()).isEqualTo(409);
            store.releasePollLease("reconcile:contacts", "other-node");

            Path config = Files.writeString(dir.resolve("junction.yaml"), s.config());
            CliRun unknown = CliRun.run("reconcile", "--config", config.toString(), "--sync", "deals");
            assertThat(unknown.exit()).isEqualTo(2);
            assertThat(unknown.err()).contains("no sync 'deals' in").contains("(syncs: contacts)");
            assertThat(TestGateways.get(s.gateway.port(), "/api/v1/syncs/deals/reconciliations/latest").statusCode()).isEqualTo(404);
            CliRun drift = CliRun.run("reconcile", "--config", config.toString(), "--sync", "contacts");
            assertThat(drift.exit()).isEqualTo(1);
            assertThat(drift.out()).contains("fay@example.com @ crm-b: duplicate /email -> review");
        }
    }
}
