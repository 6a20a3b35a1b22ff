package dev.junction.server.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.engine.sync.Outcome;
import dev.junction.server.demo.crm.Counted;
import dev.junction.server.demo.crm.CrmSimulator;
import dev.junction.store.SyncStates;
import dev.junction.store.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three simulated CRMs kept in step through a running gateway on SQLite (and once on PostgreSQL): edits on each side
 * arrive everywhere, Junction's own writes echo back and are dropped, crossed edits are settled by each field's rule,
 * a review field is held and queued, and a create that times out after succeeding makes no duplicate.
 */
class SyncEndToEndTest {

    static final Duration SETTLE = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private SyncedCrms sqlite() {
        return sqlite(name -> Clock.systemUTC());
    }

    private SyncedCrms sqlite(java.util.function.Function<String, Clock> clocks) {
        return new SyncedCrms("sqlite:" + dir.resolve("junction.db"), clocks);
    }

    static Optional<ObjectNode> byEmail(CrmSimulator crm, String email) {
        List<ObjectNode> found = crm.findByEmail(email);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    static String id(CrmSimulator crm, String email) {
        return byEmail(crm, email).orElseThrow().path("id").asText();
    }

    /** Runs a reconciliation through the admin API and reads its report. */
    static dev.junction.engine.sync.ReconcileReport reconcile(SyncedCrms s) throws Exception {
        var answer = dev.junction.server.TestGateways.postEmpty(s.gateway.port(), "/api/v1/syncs/contacts/reconciliations");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return dev.junction.engine.sync.ReconcileReport.read(answer.body());
    }

    static String field(CrmSimulator crm, String email, String field) {
        return byEmail(crm, email).map(r -> r.path(field).asText(null)).orElse(null);
    }

    /** Waits until every CRM has the contact with {@code field} = {@code value}. */
    static void everywhere(SyncedCrms s, String email, String field, String value) {
        await().atMost(SETTLE).untilAsserted(() -> {
            for (String system : SyncedCrms.SYSTEMS) assertThat(field(s.crm(system), email, field)).as(system + field).isEqualTo(value);
        });
    }

    /** Waits until no CRM sees a create or update for a second and a half: Junction has nothing left to write. */
    static void quiet(SyncedCrms s) {
        long[] last = {-1};
        await().atMost(SETTLE).pollInterval(Duration.ofMillis(1500)).until(() -> {
            long now = s.requests();
            boolean same = now == last[0];
            last[0] = now;
            return same;
        });
    }

    @Test
    void editsOnEachSideArriveEverywhereAndJunctionsOwnWritesAreDroppedAsEchoes() throws Exception {
        try (SyncedCrms s = sqlite()) {
            s.crm("crm-a").create(Map.of("email", "ann@example.com", "first_name", "Ann", "last_name", "Lee", "phone", "100", "company", "Acme"));
            everywhere(s, "ann@example.com", "first_name", "Ann");

            String bId = byEmail(s.crm("crm-b"), "ann@example.com").orElseThrow().path("id").asText();
            s.crm("crm-b").edit(bId, "last_name", "Leigh");
            everywhere(s, "ann@example.com", "last_name", "Leigh");
            String cId = byEmail(s.crm("crm-c"), "ann@example.com").orElseThrow().path("id").asText();
            s.crm("crm-c").edit(cId, "phone", "300");
            everywhere(s, "ann@example.com", "phone", "300");
            s.crm("crm-b").create(Map.of("email", "bob@example.com", "first_name", "Bob"));
            everywhere(s, "bob@example.com", "first_name", "Bob");
            quiet(s);

            long writes = s.requests();
            // 4 user changes (the API counts only Junction's), each written to the 2 other CRMs; echoes written nowhere (no loops).
            assertThat(writes).isEqualTo(2 * 4);
            for (String system : SyncedCrms.SYSTEMS) {
                assertThat(s.crm(system).duplicates()).as(system).isZero();
                assertThat(s.crm(system).all()).as(system).hasSize(2);
            }
            double echoes = SyncedCrms.SYSTEMS.stream().mapToDouble(sys -> s.metrics().changes("contacts", sys, Outcome.ECHO)).sum();
            assertThat(echoes).as("every write comes back once as an echo").isGreaterThanOrEqualTo(8);
            assertThat(s.metrics().changes("contacts", "crm-b", Outcome.APPLIED)).isEqualTo(2);
            // Nothing new may happen now: a loop would keep writing.
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> s.requests() == writes);
            String scrape = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + s.gateway.port() + "/metrics")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            assertThat(scrape).contains("junction_sync_changes_total{outcome=\"echo\",sync=\"contacts\",system=\"crm-b\"}")
                    .contains("junction_sync_writes_total{kind=\"create\",outcome=\"2xx\",sync=\"contacts\",system=\"crm-c\"} 2.0");
            // The admin API shows the sync's internal destination and the routes to it.
            String destination = dev.junction.server.TestGateways.get(s.gateway.port(), "/api/v1/destinations/sync:contacts").body();
            assertThat(destination).contains("\"kind\":\"sync\"").contains("\"url\":\"sync:contacts\"").contains("\"sources\":[\"a-hooks\",\"b-hooks\",\"c-hooks\"]");
        }
    }

    @Test
    void crossedEditsAreSettledByEachFieldsRuleAndAReviewFieldIsHeldAndQueued() throws Exception {
        // crm-b's clock runs 10 s behind: under last-writer-wins its edit made before crm-a's is older by more than the skew.
        try (SyncedCrms s = sqlite(name -> name.equals("crm-b") ? Clock.offset(Clock.systemUTC(), Duration.ofSeconds(-10)) : Clock.systemUTC())) {
            s.crm("crm-a").create(Map.of("email", "cy@example.com", "first_name", "Cy", "phone", "1", "company", "Acme"));
            everywhere(s, "cy@example.com", "company", "Acme");
            quiet(s);
            String aId = byEmail(s.crm("crm-a"), "cy@example.com").orElseThrow().path("id").asText();
            String bId = byEmail(s.crm("crm-b"), "cy@example.com").orElseThrow().path("id").asText();

            // crm-a's user edits three fields, and Junction writes them to crm-c; crm-b's API fails meanwhile, so they do not
            // reach it. Then crm-b's user edits the same fields on the old values: three crossed edits.
            s.crm("crm-b").habits().failNext(10_000);
            s.crm("crm-a").edit(aId, "first_name", "Cyrus");
            s.crm("crm-a").edit(aId, "phone", "3");
            s.crm("crm-a").edit(aId, "company", "Initech");
            await().atMost(SETTLE).until(() -> "Initech".equals(field(s.crm("crm-c"), "cy@example.com", "company")));
            s.crm("crm-b").edit(bId, "first_name", "Cyril");
            s.crm("crm-b").edit(bId, "phone", "2");
            s.crm("crm-b").edit(bId, "company", "Globex");
            await().atMost(SETTLE).until(() -> !s.gateway.pipeline().store().syncReviews("contacts", true, 10).isEmpty());
            s.crm("crm-b").habits().calm();

            everywhere(s, "cy@example.com", "first_name", "Cyrus");   // last writer wins: crm-b's edit is 10 s older
            everywhere(s, "cy@example.com", "phone", "3");            // priority: crm-a ranks before crm-b
            quiet(s);
            assertThat(field(s.crm("crm-b"), "cy@example.com", "company")).as("held: not overwritten").isEqualTo("Globex");
            assertThat(field(s.crm("crm-a"), "cy@example.com", "company")).isEqualTo("Initech");
            assertThat(field(s.crm("crm-c"), "cy@example.com", "company")).isEqualTo("Initech");
            List<SyncStates.SyncReview> reviews = s.gateway.pipeline().store().syncReviews("contacts", true, 10);
            assertThat(reviews).singleElement().satisfies(r -> {
                assertThat(r.key()).isEqualTo("cy@example.com");
                assertThat(r.field()).isEqualTo("/company");
                assertThat(r.agreed()).isEqualTo("\"Initech\"");
                assertThat(r.proposed()).isEqualTo("\"Globex\"");
                assertThat(r.fromSystem()).isEqualTo("crm-b");
            });
            assertThat(s.metrics().changes("contacts", "crm-b", Outcome.STALE) + s.metrics().changes("contacts", "crm-b", Outcome.REVIEW))
                    .isGreaterThanOrEqualTo(1);
            for (String system : SyncedCrms.SYSTEMS) assertThat(s.crm(system).duplicates()).isZero();
        }
    }

    @Test
    void aCreateThatTimesOutAfterSucceedingIsLookedUpNotRepeated() {
        try (SyncedCrms s = sqlite()) {
            CrmSimulator b = s.crm("crm-b");
            // crm-b stores the next create but answers after the destination's 1 s timeout; and tells nobody (no webhook),
            // so only the lookup can find what the create did.
            b.webhookUrl(null);
            b.habits().createsAnswerLate(1, Duration.ofSeconds(3));

            s.crm("crm-a").create(Map.of("email", "dora@example.com", "first_name", "Dora"));

            await().atMost(SETTLE).until(() -> s.metrics().writes("contacts", "crm-b", "update") >= 1);
            assertThat(b.findByEmail("dora@example.com")).hasSize(1);
            assertThat(b.count(Counted.CREATES)).isEqualTo(1);
            assertThat(b.count(Counted.LOOKUPS)).isGreaterThanOrEqualTo(1);
            assertThat(b.duplicates()).isZero();
            String id = b.findByEmail("dora@example.com").get(0).path("id").asText();
            assertThat(s.gateway.pipeline().store().syncRecord("contacts", "dora@example.com").orElseThrow().links().get("crm-b"))
                    .isEqualTo(new SyncStates.SyncLink(id, false));
            everywhere(s, "dora@example.com", "first_name", "Dora");
        }
    }

    @Test
    void aRecordThatAlreadyExistsInASystemIsLinkedNotCreatedAgain() {
        try (SyncedCrms s = sqlite()) {
            CrmSimulator c = s.crm("crm-c");
            c.webhookUrl(null); // crm-c's user made Gus before the sync knew of crm-c's copy
            ObjectNode existing = c.create(Map.of("email", "gus@example.com", "first_name", "Gus", "phone", "7"));
            c.webhookUrl(s.hooksUrl("crm-c"));

            s.crm("crm-a").create(Map.of("email", "gus@example.com", "first_name", "Gustav"));

            everywhere(s, "gus@example.com", "first_name", "Gustav");
            assertThat(c.findByEmail("gus@example.com")).singleElement().satisfies(r -> {
                assertThat(r.path("id").asText()).isEqualTo(existing.path("id").asText());
                assertThat(r.path("phone").asText()).isEqualTo("7");
            });
            assertThat(c.count(Counted.CREATES)).isZero();
            assertThat(c.count(Counted.LOOKUPS)).isEqualTo(1);
            assertThat(s.crm("crm-b").count(Counted.CREATES)).isEqualTo(1);
            // crm-c's phone, unknown to the sync until crm-c's echo told it, is now agreed and written to the others.
            everywhere(s, "gus@example.com", "phone", "7");
        }
    }

    @Test
    void aRecordThatExistsInASystemWithItsKeyInAnotherCaseIsLinkedNotCreatedAgain() {
        try (SyncedCrms s = sqlite()) {
            CrmSimulator c = s.crm("crm-c");
            c.webhookUrl(null); // crm-c's user typed Hal's email capitalised, before the sync knew of crm-c's copy
            ObjectNode existing = c.create(Map.of("email", "Hal@Example.com", "first_name", "Hal"));
            c.webhookUrl(s.hooksUrl("crm-c"));

            s.crm("crm-a").create(Map.of("email", "hal@example.com", "first_name", "Harold"));

            everywhere(s, "hal@example.com", "first_name", "Harold");
            quiet(s);
            assertThat(c.all()).singleElement().satisfies(r -> assertThat(r.path("id").asText()).isEqualTo(existing.path("id").asText()));
            assertThat(c.count(Counted.CREATES)).isZero();
            assertThat(c.duplicates()).isZero();
        }
    }

    @Test
    void aRecordDeletedInASystemIsCreatedThereAgainByItsNextWrite() {
        try (SyncedCrms s = sqlite()) {
            s.crm("crm-a").create(Map.of("email", "ida@example.com", "first_name", "Ida", "phone", "5"));
            everywhere(s, "ida@example.com", "first_name", "Ida");
            quiet(s);
            CrmSimulator b = s.crm("crm-b");
            b.delete(byEmail(b, "ida@example.com").orElseThrow().path("id").asText()); // no webhook tells

            String aId = byEmail(s.crm("crm-a"), "ida@example.com").orElseThrow().path("id").asText();
            s.crm("crm-a").edit(aId, "last_name", "Ives");

            everywhere(s, "ida@example.com", "last_name", "Ives");
            assertThat(b.findByEmail("ida@example.com")).singleElement().satisfies(r -> {
                assertThat(r.path("first_name").asText()).isEqualTo("Ida");
                assertThat(r.path("phone").asText()).isEqualTo("5");
            });
            assertThat(s.gateway.pipeline().store().deadLetters(Optional.empty(), Optional.empty(), 10)).isEmpty();
        }
    }

    @Test
    void onPostgresqlEditsArriveEverywhereWithoutLoops() {
        String url = TestDatabases.freshPostgresSchema();
        try (SyncedCrms s = new SyncedCrms(url, name -> Clock.systemUTC())) {
            s.crm("crm-c").create(Map.of("email", "eve@example.com", "first_name", "Eve"));
            everywhere(s, "eve@example.com", "first_name", "Eve");
            String aId = byEmail(s.crm("crm-a"), "eve@example.com").orElseThrow().path("id").asText();
            s.crm("crm-a").edit(aId, "first_name", "Evelyn");
            everywhere(s, "eve@example.com", "first_name", "Evelyn");
            quiet(s);
            assertThat(s.requests()).isEqualTo(2 + 2);
            for (String system : SyncedCrms.SYSTEMS) assertThat(s.crm(system).duplicates()).isZero();
        }
    }
}
