package dev.junction.server.sync;

import static dev.junction.server.sync.SyncEndToEndTest.everywhere;
import static dev.junction.server.sync.SyncEndToEndTest.quiet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.server.demo.crm.CrmSimulator;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One person typed with a different case in two systems before either was linked (ADR 0051): one record in Junction,
 * one copy in each system, nothing dead. Before, each key's write found the other key's copy, could not link it (the
 * crosswalk's unique id), retried on a constraint error until dead, and the third system got both.
 */
class SyncMatchCaseEndToEndTest {

    @TempDir
    Path dir;

    @Test
    void onePersonTypedInTwoCasesInTwoSystemsIsOneRecordEverywhere() {
        try (SyncedCrms s = new SyncedCrms("sqlite:" + dir.resolve("junction.db"), name -> Clock.systemUTC())) {
            CrmSimulator a = s.crm("crm-a");
            CrmSimulator b = s.crm("crm-b");
            // Both users create the person while no webhook tells the sync, then each edits it: two changes of
            // keys that differ only in case arrive together, neither linked to anything yet.
            a.webhookUrl(null);
            b.webhookUrl(null);
            ObjectNode inA = a.create(Map.of("email", "kim@example.com", "first_name", "Kim"));
            ObjectNode inB = b.create(Map.of("email", "Kim@Example.com", "first_name", "Kim"));
            a.webhookUrl(s.hooksUrl("crm-a"));
            b.webhookUrl(s.hooksUrl("crm-b"));
            a.edit(inA.path("id").asText(), "phone", "+1 555 0101");
            b.edit(inB.path("id").asText(), "last_name", "Lee");

            everywhere(s, "kim@example.com", "last_name", "Lee");
            everywhere(s, "kim@example.com", "phone", "+1 555 0101");
            quiet(s);
            for (String system : SyncedCrms.SYSTEMS) {
                assertThat(s.crm(system).findByEmail("kim@example.com")).as(system).hasSize(1);
            }
            var store = s.gateway.pipeline().store();
            assertThat(store.deadLetters(Optional.empty(), Optional.empty(), 10)).isEmpty();
            assertThat(store.syncKeyIgnoringCase("contacts", "KIM@EXAMPLE.COM")).isPresent();
            String key = store.syncKeyIgnoringCase("contacts", "kim@example.com").orElseThrow();
            assertThat(store.syncRecord("contacts", key).orElseThrow().links()).containsOnlyKeys(SyncedCrms.SYSTEMS);
            String other = key.equals("kim@example.com") ? "Kim@Example.com" : "kim@example.com";
            assertThat(store.syncRecord("contacts", other)).as("no second record of the person").isEmpty();
        }
    }

    @Test
    void onePersonTypedWithSpacesAroundInOneSystemIsOneRecordEverywhere() {
        try (SyncedCrms s = new SyncedCrms("sqlite:" + dir.resolve("junction.db"), name -> Clock.systemUTC())) {
            CrmSimulator a = s.crm("crm-a");
            CrmSimulator b = s.crm("crm-b");
            a.webhookUrl(null);
            b.webhookUrl(null);
            ObjectNode inA = a.create(Map.of("email", "max@example.com", "first_name", "Max"));
            ObjectNode inB = b.create(Map.of("email", " Max@Example.com ", "first_name", "Max"));
            a.webhookUrl(s.hooksUrl("crm-a"));
            b.webhookUrl(s.hooksUrl("crm-b"));
            b.edit(inB.path("id").asText(), "last_name", "Roe");
            a.edit(inA.path("id").asText(), "phone", "+1 555 0102");

            // The simulator looks emails up ignoring case, not spaces: read every copy whatever surrounds its email.
            await().atMost(SyncEndToEndTest.SETTLE).untilAsserted(() -> {
                for (String system : SyncedCrms.SYSTEMS) {
                    assertThat(copies(s.crm(system), "max@example.com")).as(system).singleElement()
                            .satisfies(r -> assertThat(r.path("last_name").asText()).isEqualTo("Roe"));
                }
            });
            quiet(s);
            for (String system : SyncedCrms.SYSTEMS) assertThat(copies(s.crm(system), "max@example.com")).as(system).hasSize(1);
            assertThat(s.gateway.pipeline().store().deadLetters(Optional.empty(), Optional.empty(), 10)).isEmpty();
        }
    }

    @Test
    void theRecordApiFindsARecordByItsKeyIgnoringCaseAndSpacesAsTheSyncDoes() throws Exception {
        try (SyncedCrms s = new SyncedCrms("sqlite:" + dir.resolve("junction.db"), name -> Clock.systemUTC())) {
            s.crm("crm-a").create(Map.of("email", "Bob.Case@Example.com", "first_name", "Bob"));
            everywhere(s, "bob.case@example.com", "first_name", "Bob");
            for (String asked : java.util.List.of("Bob.Case@Example.com", "bob.case@example.com", "%20BOB.CASE@example.com%20")) {
                var page = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                        dev.junction.server.TestGateways.get(s.gateway.port(), "/api/v1/syncs/contacts/records?key=" + asked).body());
                assertThat(page.path("items")).as(asked).hasSize(1);
                assertThat(page.path("items").get(0).path("key").asText()).as(asked).isEqualTo("Bob.Case@Example.com");
            }
        }
    }

    private static java.util.List<ObjectNode> copies(CrmSimulator crm, String email) {
        return crm.all().stream().filter(r -> r.path("email").asText().strip().equalsIgnoreCase(email)).toList();
    }
}
