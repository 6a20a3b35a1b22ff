package dev.junction.server.demo.crm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.junction.server.demo.SteppedClock;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The simulated CRM's bad habits, as a client over a real socket meets them. */
class CrmHabitsTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final String ANN = "{\"email\":\"ann@example.com\"}";

    private final SteppedClock clock = new SteppedClock(Instant.now());
    private final CrmSimulator sim = CrmSimulator.builder().name("crm-h").clock(clock).seed(11)
            .webhookRetryDelays(List.of(Duration.ofMillis(20))).start();
    private final CrmClient client = new CrmClient(sim, null);

    @AfterEach
    void close() {
        sim.close();
    }

    @Test
    void anEmptyTokenBucketAnswers429WithRetryAfterUntilItRefills() throws Exception {
        sim.habits().rateLimit(2, 0.5);

        assertThat(client.post("/contacts", ANN).status()).isEqualTo(201);
        assertThat(client.get("/contacts").status()).isEqualTo(200);
        CrmClient.Answer limited = client.post("/contacts", ANN);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.raw().headers().firstValue("Retry-After")).hasValue("2");
        clock.advance(Duration.ofSeconds(1));
        assertThat(client.get("/contacts").raw().headers().firstValue("Retry-After")).hasValue("1");
        clock.advance(Duration.ofSeconds(1));
        assertThat(client.post("/contacts", ANN).status()).isEqualTo(201);

        assertThat(sim.all()).hasSize(2);
        assertThat(sim.count(Counted.RATE_LIMITED)).isEqualTo(2);
        assertThat(sim.count(Counted.CREATES)).isEqualTo(3);
    }

    @Test
    void rateLimitNextRefusesExactlyThatManyRequests() throws Exception {
        sim.habits().rateLimitNext(2);

        assertThat(client.post("/contacts", ANN).status()).isEqualTo(429);
        assertThat(client.get("/contacts/crm_000001").raw().headers().firstValue("Retry-After")).hasValue("1");
        assertThat(client.post("/contacts", ANN).status()).isEqualTo(201);
        assertThat(sim.count(Counted.RATE_LIMITED)).isEqualTo(2);
    }

    @Test
    void a500DoesNothing() throws Exception {
        String id = sim.create(Map.of("email", "ann@example.com", "company", "Acme")).get("id").asText();
        sim.habits().failNext(2);

        assertThat(client.post("/contacts", ANN).status()).isEqualTo(500);
        assertThat(client.patch("/contacts/" + id, "{\"company\":\"Initech\"}").status()).isEqualTo(500);
        assertThat(sim.all()).hasSize(1);
        assertThat(sim.get(id).orElseThrow().get("company").asText()).isEqualTo("Acme");
        assertThat(client.patch("/contacts/" + id, "{\"company\":\"Initech\"}").status()).isEqualTo(200);

        sim.habits().errors(1.0);
        assertThat(client.get("/contacts?email=ann%40example.com").status()).isEqualTo(500);
        assertThat(sim.count(Counted.ERRORS)).isEqualTo(3);
    }

    @Test
    void aSlowAnswerOutlastsAShortClientTimeout() throws Exception {
        sim.habits().slowAnswers(Duration.ofSeconds(5), 1.0);
        client.timeout = Duration.ofMillis(300);

        assertThatThrownBy(() -> client.get("/contacts")).isInstanceOf(HttpTimeoutException.class);
        sim.habits().calm();
        client.timeout = Duration.ofSeconds(10);
        assertThat(client.get("/contacts").status()).isEqualTo(200);
    }

    @Test
    void anOutageAnswers503ToEverythingAndHoldsWebhooksUntilItEnds() throws Exception {
        try (WebhookInbox inbox = new WebhookInbox(sim.webhookSecret(), clock)) {
            sim.webhookUrl(inbox.url());
            String id = sim.create(Map.of("email", "ann@example.com")).get("id").asText();
            await().atMost(DEADLINE).until(() -> inbox.accepted.size() == 1);

            sim.habits().outage(true);
            assertThat(client.post("/contacts", ANN).status()).isEqualTo(503);
            assertThat(client.get("/contacts/" + id).status()).isEqualTo(503);
            assertThat(client.get("/contacts").status()).isEqualTo(503);
            sim.edit(id, "company", "Acme");
            sim.edit(id, "phone", "+1 555 0100");
            await().atMost(DEADLINE).until(() -> sim.webhooksHeld() == 2);
            assertThat(inbox.requests).hasValue(1);

            sim.habits().outage(false);
            await().atMost(DEADLINE).until(() -> inbox.accepted.size() == 3);
            assertThat(inbox.events()).extracting(e -> e.get("id").asText()).containsExactly("evt_crm-h_1", "evt_crm-h_2", "evt_crm-h_3");
            assertThat(inbox.events().get(2).get("data").get("phone").asText()).isEqualTo("+1 555 0100");
            assertThat(client.get("/contacts/" + id).status()).isEqualTo(200);
            assertThat(sim.count(Counted.UNAVAILABLE)).isEqualTo(3);
            assertThat(sim.all()).hasSize(1);
        }
    }

    @Test
    void aCreateAnsweredTooLateHasStoredItsRecord() throws Exception {
        sim.habits().createsAnswerLate(1, Duration.ofSeconds(5));
        client.timeout = Duration.ofMillis(300);

        assertThatThrownBy(() -> client.post("/contacts", ANN)).isInstanceOf(HttpTimeoutException.class);

        client.timeout = Duration.ofSeconds(10);
        assertThat(client.get("/contacts?email=ann%40example.com").body().get("results")).hasSize(1);
        assertThat(sim.count(Counted.ANSWERED_LATE)).isEqualTo(1);
        // A client that simply retries the create makes a duplicate: the sync must look the record up first.
        assertThat(client.post("/contacts", ANN).status()).isEqualTo(201);
        assertThat(sim.duplicates()).isEqualTo(1);
    }

    @Test
    void aCreateWhoseConnectionIsDroppedHasStoredAndAnnouncedItsRecord() throws Exception {
        try (WebhookInbox inbox = new WebhookInbox(sim.webhookSecret(), clock)) {
            sim.webhookUrl(inbox.url());
            sim.habits().createsDropConnection(1);

            assertThatThrownBy(() -> client.post("/contacts", ANN)).isInstanceOf(IOException.class).isNotInstanceOf(HttpTimeoutException.class);

            assertThat(sim.findByEmail("ann@example.com")).hasSize(1);
            await().atMost(DEADLINE).until(() -> inbox.accepted.size() == 1);
            assertThat(inbox.events().getFirst().get("type").asText()).isEqualTo("contact.created");
            assertThat(client.post("/contacts", "{\"email\":\"bob@example.com\"}").status()).isEqualTo(201);
            assertThat(sim.count(Counted.DROPPED)).isEqualTo(1);
        }
    }
}
