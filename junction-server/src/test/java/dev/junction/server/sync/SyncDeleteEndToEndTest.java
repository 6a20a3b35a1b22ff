package dev.junction.server.sync;

import static dev.junction.server.sync.SyncEndToEndTest.byEmail;
import static dev.junction.server.sync.SyncEndToEndTest.everywhere;
import static dev.junction.server.sync.SyncEndToEndTest.id;
import static dev.junction.server.sync.SyncEndToEndTest.quiet;
import static dev.junction.server.sync.SyncEndToEndTest.reconcile;
import static dev.junction.server.sync.SyncEndToEndTest.SETTLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.engine.sync.Outcome;
import dev.junction.engine.sync.ReconcileReport;
import dev.junction.server.TestGateways;
import dev.junction.server.demo.crm.Counted;
import dev.junction.server.demo.crm.CrmSimulator;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deletes in a two-way sync, against three simulated CRMs over real sockets: under {@code deletes: propagate} a record
 * deleted in one CRM is deleted in the others, their deletes' webhooks come back as echoes and nothing is created again;
 * a new record under the key starts afresh; a delete no webhook told is found by reconciliation. Under the default
 * ({@code restore}) a deleted record is created again from the agreed values.
 */
class SyncDeleteEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private SyncedCrms start(String deletes) {
        return new SyncedCrms("sqlite:" + dir.resolve("junction.db"), name -> Clock.systemUTC(), deletes);
    }

    private static void goneEverywhere(SyncedCrms s, String email) {
        await().atMost(SETTLE).untilAsserted(() -> {
            for (String system : SyncedCrms.SYSTEMS) assertThat(byEmail(s.crm(system), email)).as(system).isEmpty();
        });
    }

    private static JsonNode record(SyncedCrms s, String key) throws Exception {
        JsonNode page = JSON.readTree(TestGateways.get(s.gateway.port(), "/api/v1/syncs/contacts/records?key=" + key).body());
        return page.path("items").get(0);
    }

    @Test
    void underPropagateADeleteInOneCrmDeletesTheRecordInTheOthersAndNothingComesBack() throws Exception {
        try (SyncedCrms s = start("propagate")) {
            CrmSimulator a = s.crm("crm-a");
            CrmSimulator b = s.crm("crm-b");
            CrmSimulator c = s.crm("crm-c");
            a.create(Map.of("email", "ann@example.com", "first_name", "Ann", "phone", "1"));
            a.create(Map.of("email", "bob@example.com", "first_name", "Bob", "phone", "2"));
            everywhere(s, "ann@example.com", "first_name", "Ann");
            everywhere(s, "bob@example.com", "first_name", "Bob");
            quiet(s);
            String annInB = id(b, "ann@example.com");

            assertThat(a.deleteAnnounced(id(a, "ann@example.com"))).isTrue();

            goneEverywhere(s, "ann@example.com");
            quiet(s);
            goneEverywhere(s, "ann@example.com"); // and still gone once everything was heard back: no restore, no loop
            assertThat(b.count(Counted.DELETES)).isEqualTo(1);
            assertThat(c.count(Counted.DELETES)).isEqualTo(1);
            assertThat(a.count(Counted.DELETES)).as("crm-a deleted it itself").isZero();
            assertThat(s.metrics().changes("contacts", "crm-a", Outcome.DELETED)).isEqualTo(1);
            // crm-b's and crm-c's own delete webhooks came back: echoes, not deletes of their own.
            await().atMost(SETTLE).until(() -> s.metrics().changes("contacts", "crm-b", Outcome.ECHO) >= 1
                    && s.metrics().changes("contacts", "crm-c", Outcome.ECHO) >= 1);
            assertThat(s.metrics().changes("contacts", "crm-b", Outcome.DELETED)).isZero();
            for (String system : SyncedCrms.SYSTEMS) assertThat(s.crm(system).findByEmail("bob@example.com")).as(system).hasSize(1);
            JsonNode tombstone = record(s, "ann@example.com");
            assertThat(tombstone.path("deleted").path("system").asText()).isEqualTo("crm-a");
            assertThat(tombstone.path("agreed").isEmpty()).as("a deleted record keeps no values").isTrue();
            assertThat(s.gateway.pipeline().store().deadLetters(Optional.empty(), Optional.empty(), 10)).isEmpty();

            // A new Ann, made in crm-b under the deleted record's key: a new record, everywhere, with new ids.
            b.create(Map.of("email", "ann@example.com", "first_name", "Annie"));
            everywhere(s, "ann@example.com", "first_name", "Annie");
            quiet(s);
            assertThat(id(b, "ann@example.com")).isNotEqualTo(annInB);
            assertThat(record(s, "ann@example.com").has("deleted")).isFalse();
            for (String system : SyncedCrms.SYSTEMS) assertThat(s.crm(system).duplicates()).as(system).isZero();

            // Bob deleted in crm-c where no webhook tells: the reconciliation finds it gone and deletes it everywhere.
            assertThat(c.delete(id(c, "bob@example.com"))).isTrue();
            ReconcileReport found = reconcile(s);
            assertThat(found.findings()).extracting(f -> f.key() + " " + f.system() + " " + f.kind().label() + " " + f.action().label())
                    .containsExactly("bob@example.com crm-c missing propagated");
            goneEverywhere(s, "bob@example.com");
            quiet(s);
            ReconcileReport after = reconcile(s);
            assertThat(after.findings()).isEmpty();
            assertThat(after.ratio()).isEqualTo(1.0);
            goneEverywhere(s, "bob@example.com");
        }
    }

    @Test
    void onPostgresqlADeleteReachesEveryOtherSystemAndItsEchoesChangeNothing() {
        try (SyncedCrms s = new SyncedCrms(dev.junction.store.TestDatabases.freshPostgresSchema(), name -> Clock.systemUTC(), "propagate")) {
            CrmSimulator c = s.crm("crm-c");
            c.create(Map.of("email", "dee@example.com", "first_name", "Dee"));
            everywhere(s, "dee@example.com", "first_name", "Dee");
            quiet(s);

            assertThat(c.deleteAnnounced(id(c, "dee@example.com"))).isTrue();

            goneEverywhere(s, "dee@example.com");
            quiet(s);
            goneEverywhere(s, "dee@example.com");
            assertThat(s.metrics().changes("contacts", "crm-c", Outcome.DELETED)).isEqualTo(1);
            assertThat(s.crm("crm-a").count(Counted.DELETES) + s.crm("crm-b").count(Counted.DELETES)).isEqualTo(2);
        }
    }

    @Test
    void aListingMissingMostRecordsIsNotBelievedAndDeletesNothing() throws Exception {
        try (SyncedCrms s = start("propagate")) {
            CrmSimulator a = s.crm("crm-a");
            CrmSimulator b = s.crm("crm-b");
            for (int i = 0; i < 6; i++) a.create(Map.of("email", "p" + i + "@example.com", "first_name", "P" + i));
            for (int i = 0; i < 6; i++) everywhere(s, "p" + i + "@example.com", "first_name", "P" + i);
            quiet(s);
            // crm-b "loses" five of six records where no webhook tells: a broken listing looks just like this.
            for (int i = 0; i < 5; i++) b.delete(id(b, "p" + i + "@example.com"));

            ReconcileReport report = reconcile(s);
            assertThat(report.findings()).hasSize(5).allSatisfy(f -> {
                assertThat(f.system()).isEqualTo("crm-b");
                assertThat(f.action().label()).isEqualTo("withheld");
            });
            quiet(s);
            for (int i = 0; i < 6; i++) {
                assertThat(byEmail(a, "p" + i + "@example.com")).as("p" + i + " kept in crm-a").isPresent();
                assertThat(byEmail(s.crm("crm-c"), "p" + i + "@example.com")).as("p" + i + " kept in crm-c").isPresent();
            }
        }
    }

    @Test
    void byDefaultADeletedRecordIsRestoredFromTheAgreedValues() throws Exception {
        try (SyncedCrms s = start(null)) {
            // Before any change, every system's series exist at 0, so rate() and alerts have something to read.
            String fresh = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + s.gateway.port() + "/metrics")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            for (String system : SyncedCrms.SYSTEMS) {
                assertThat(fresh).contains("junction_sync_changes_total{outcome=\"restored\",sync=\"contacts\",system=\"" + system + "\"} 0.0");
            }
            CrmSimulator a = s.crm("crm-a");
            CrmSimulator b = s.crm("crm-b");
            a.create(Map.of("email", "cy@example.com", "first_name", "Cy", "last_name", "Ng", "phone", "7"));
            everywhere(s, "cy@example.com", "last_name", "Ng");
            quiet(s);
            String was = id(b, "cy@example.com");

            assertThat(b.deleteAnnounced(was)).isTrue();

            await().atMost(SETTLE).until(() -> byEmail(b, "cy@example.com").isPresent());
            quiet(s);
            assertThat(b.findByEmail("cy@example.com")).singleElement().satisfies(r -> {
                assertThat(r.path("id").asText()).isNotEqualTo(was);
                assertThat(r.path("first_name").asText()).isEqualTo("Cy");
                assertThat(r.path("last_name").asText()).isEqualTo("Ng");
                assertThat(r.path("phone").asText()).isEqualTo("7");
            });
            assertThat(s.metrics().changes("contacts", "crm-b", Outcome.RESTORED)).isEqualTo(1);
            assertThat(a.count(Counted.DELETES) + s.crm("crm-c").count(Counted.DELETES)).isZero();
            for (String system : SyncedCrms.SYSTEMS) assertThat(s.crm(system).findByEmail("cy@example.com")).as(system).hasSize(1);
            assertThat(s.gateway.pipeline().store().syncRecord("contacts", "cy@example.com").orElseThrow().links().get("crm-b").systemId())
                    .isEqualTo(id(b, "cy@example.com"));
        }
    }
}
