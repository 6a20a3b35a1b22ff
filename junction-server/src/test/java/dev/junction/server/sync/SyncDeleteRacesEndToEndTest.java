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
import dev.junction.core.verify.StandardWebhooksSigner;
import dev.junction.engine.sync.Outcome;
import dev.junction.server.TestGateways;
import dev.junction.server.demo.crm.Counted;
import dev.junction.server.demo.crm.CrmSimulator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deletes under {@code deletes: propagate} that race with other work, over real sockets (found by a probe with CRMs of
 * its own): Junction's update meeting the deleted record, a new record taking the key while a delete waits, a delete
 * heard before the record's create, and a review item of a deleted record.
 */
class SyncDeleteRacesEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private SyncedCrms start() {
        return new SyncedCrms("sqlite:" + dir.resolve("junction.db"), name -> Clock.systemUTC(), "propagate");
    }

    @Test
    void anUpdateThatMeetsTheUsersDeleteDoesNotCreateTheRecordAgain() throws Exception {
        try (SyncedCrms s = start()) {
            CrmSimulator a = s.crm("crm-a");
            CrmSimulator b = s.crm("crm-b");
            b.create(Map.of("email", "ivy@example.com", "first_name", "Ivy"));
            b.create(Map.of("email", "zed@example.com", "first_name", "Zed")); // so crm-a's listing is not empty, which is not believed
            everywhere(s, "ivy@example.com", "first_name", "Ivy");
            everywhere(s, "zed@example.com", "first_name", "Zed");
            quiet(s);
            long createsInA = a.count(Counted.CREATES);

            // crm-a's user deletes Ivy; its webhook is not heard yet. crm-b's user edits her: Junction's update to crm-a is a 404.
            a.webhookUrl(null);
            assertThat(a.delete(id(a, "ivy@example.com"))).isTrue();
            b.edit(id(b, "ivy@example.com"), "last_name", "Ives");
            await().atMost(SETTLE).until(() -> "Ives".equals(SyncEndToEndTest.field(s.crm("crm-c"), "ivy@example.com", "last_name")));
            // The 404'd write is retried: none of its attempts may create Ivy again.
            long updatesBefore = a.count(Counted.UPDATES);
            await().atMost(SETTLE).until(() -> a.count(Counted.UPDATES) >= updatesBefore + 2);

            assertThat(byEmail(a, "ivy@example.com")).as("not created again in crm-a").isEmpty();
            assertThat(a.count(Counted.CREATES)).isEqualTo(createsInA);
            // The delete, once heard (here: by a reconciliation), goes everywhere, and the retried write has nothing left to do.
            a.webhookUrl(s.hooksUrl("crm-a"));
            assertThat(reconcile(s).counts()).containsEntry("missing/propagated", 1L);
            await().atMost(SETTLE).untilAsserted(() -> {
                for (String system : SyncedCrms.SYSTEMS) assertThat(byEmail(s.crm(system), "ivy@example.com")).as(system).isEmpty();
            });
            quiet(s);
            assertThat(byEmail(a, "ivy@example.com")).isEmpty();
            assertThat(s.gateway.pipeline().store().deadLetters(java.util.Optional.empty(), java.util.Optional.empty(), 10)).isEmpty();
        }
    }

    @Test
    void aNewRecordThatTakesTheKeyWhileADeleteWaitsNeitherCancelsItNorInheritsTheOldRecord() throws Exception {
        try (SyncedCrms s = start()) {
            CrmSimulator a = s.crm("crm-a");
            CrmSimulator b = s.crm("crm-b");
            CrmSimulator c = s.crm("crm-c");
            a.create(Map.of("email", "jo@example.com", "first_name", "Jo", "phone", "10"));
            everywhere(s, "jo@example.com", "phone", "10");
            quiet(s);
            String oldInC = id(c, "jo@example.com");

            c.habits().outage(true); // the delete to crm-c waits
            a.deleteAnnounced(id(a, "jo@example.com"));
            await().atMost(SETTLE).until(() -> byEmail(b, "jo@example.com").isEmpty());
            b.create(Map.of("email", "jo@example.com", "first_name", "New")); // another Jo, no phone
            await().atMost(SETTLE).until(() -> "New".equals(SyncEndToEndTest.field(a, "jo@example.com", "first_name")));
            c.habits().outage(false);

            everywhere(s, "jo@example.com", "first_name", "New");
            quiet(s);
            assertThat(c.findByEmail("jo@example.com")).singleElement().satisfies(r -> {
                assertThat(r.path("id").asText()).as("the old record was deleted, the new one created").isNotEqualTo(oldInC);
                assertThat(r.has("phone")).as("nothing of the old record").isFalse();
            });
            for (String system : SyncedCrms.SYSTEMS) {
                assertThat(s.crm(system).findByEmail("jo@example.com")).as(system).singleElement()
                        .satisfies(r -> assertThat(r.path("phone").isMissingNode() || r.path("phone").isNull()).isTrue());
            }
        }
    }

    @Test
    void aDeleteHeardBeforeTheRecordsCreateLeavesNothingToCreate() throws Exception {
        try (SyncedCrms s = start()) {
            CrmSimulator a = s.crm("crm-a");
            a.webhookUrl(null);
            JsonNode made = a.create(Map.of("email", "kay@example.com", "first_name", "Kay"));
            a.webhookUrl(s.hooksUrl("crm-a"));
            a.deleteAnnounced(made.path("id").asText()); // heard first
            await().atMost(SETTLE).until(() -> s.metrics().changes("contacts", "crm-a", Outcome.DELETED) == 1);

            // The create's webhook, held up somewhere, arrives after the delete.
            String body = JSON.createObjectNode().put("type", "contact.created").put("id", "evt_late").set("data", made).toString();
            long now = System.currentTimeMillis() / 1000;
            var answer = TestGateways.post(s.gateway.port(), "a-hooks", body, Map.of("webhook-id", "evt_late", "webhook-timestamp", Long.toString(now),
                    "webhook-signature", StandardWebhooksSigner.sign(a.webhookSecret(), "evt_late", now, body.getBytes(StandardCharsets.UTF_8))));
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);

            await().atMost(SETTLE).until(() -> s.metrics().changes("contacts", "crm-a", Outcome.STALE) == 1);
            quiet(s);
            for (String system : SyncedCrms.SYSTEMS) assertThat(byEmail(s.crm(system), "kay@example.com")).as(system).isEmpty();
        }
    }

    @Test
    void aDeletedRecordsOpenReviewIsClosedWithIt() throws Exception {
        try (SyncedCrms s = start()) {
            int port = s.gateway.port();
            JsonNode review = SyncReviewEndToEndTest.crossedReview(s, "lu@example.com");
            CrmSimulator c = s.crm("crm-c");

            c.deleteAnnounced(id(c, "lu@example.com"));

            await().atMost(SETTLE).until(() -> SyncReviewEndToEndTest.json(TestGateways.get(port, "/api/v1/syncs/contacts/reviews?state=open"))
                    .path("items").isEmpty());
            JsonNode closed = SyncReviewEndToEndTest.json(TestGateways.get(port, "/api/v1/syncs/contacts/reviews/" + review.path("id").asText()));
            assertThat(closed.path("state").asText()).isEqualTo("decided");
            assertThat(closed.path("decision").path("pick").asText()).isEqualTo("deleted");
            assertThat(SyncReviewEndToEndTest.json(TestGateways.get(port, "/api/v1/syncs/contacts")).path("openReviews").asLong()).isZero();
            var decided = TestGateways.postJson(port, "/api/v1/syncs/contacts/reviews/" + review.path("id").asText() + "/decision", "{\"pick\":\"agreed\"}");
            assertThat(decided.statusCode()).isEqualTo(409);
            assertThat(decided.body()).contains("/problems/review-decided");
        }
    }
}
