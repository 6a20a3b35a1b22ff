package dev.junction.server.demo.crm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.standardwebhooks.Webhook;
import dev.junction.core.config.VerifySpec;
import dev.junction.core.verify.SignatureSchemes;
import dev.junction.core.verify.Verification;
import dev.junction.core.verify.WebhookRequest;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The simulated CRM's change webhooks: one per change by API or by its user, signed the Standard Webhooks way, retried. */
class CrmWebhooksTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private final Clock clock = Clock.systemUTC();
    private final CrmSimulator sim = CrmSimulator.builder().name("crm-b").idStyle(IdStyle.NUMERIC).seed(3)
            .webhookRetryDelays(List.of(Duration.ofMillis(20), Duration.ofMillis(20), Duration.ofMillis(20))).start();
    private final WebhookInbox inbox = inbox(sim.webhookSecret());
    private final CrmClient client = new CrmClient(sim, null);

    @AfterEach
    void close() {
        sim.close();
        inbox.close();
    }

    @Test
    void everyChangeByTheApiOrByTheUserIsAnnouncedInOrderVerifiedByJunctionsStandardWebhooksVerifier() throws Exception {
        sim.webhookUrl(inbox.url());
        String id = client.post("/contacts", "{\"email\":\"ann@example.com\",\"first_name\":\"Ann\"}").body().get("id").asText();
        client.patch("/contacts/" + id, "{\"phone\":\"+1 555 0100\"}");
        sim.edit(id, "company", "Acme");
        String bob = sim.create(Map.of("email", "bob@example.com")).get("id").asText();

        await().atMost(DEADLINE).until(() -> sim.webhooksDelivered() == 4);
        List<JsonNode> events = inbox.events();
        assertThat(events).extracting(e -> e.get("type").asText())
                .containsExactly("contact.created", "contact.updated", "contact.updated", "contact.created");
        assertThat(events).extracting(e -> e.get("id").asText())
                .containsExactly("evt_crm-b_1", "evt_crm-b_2", "evt_crm-b_3", "evt_crm-b_4");
        assertThat(events.get(2).get("data")).isEqualTo(sim.get(id).orElseThrow());
        assertThat(events.get(2).get("data").get("phone").asText()).isEqualTo("+1 555 0100");
        assertThat(events.get(3).get("data").get("id").asText()).isEqualTo(bob);
        assertThat(inbox.accepted.getFirst().headers().get("Webhook-id")).containsExactly("evt_crm-b_1");
        assertThat(inbox.badSignatures).hasValue(0);
        assertThat(inbox.accepted).hasSize(4);
        assertThat(sim.webhooksPending()).isZero();
    }

    @Test
    void theSignatureIsTheStandardOneAndCoversTheBody() throws Exception {
        sim.webhookUrl(inbox.url());
        sim.create(Map.of("email", "ann@example.com"));
        await().atMost(DEADLINE).until(() -> inbox.accepted.size() == 1);
        WebhookInbox.Received received = inbox.accepted.getFirst();

        // The reference library of the standard agrees with Junction's verifier ...
        HttpHeaders headers = HttpHeaders.of(received.headers(), (k, v) -> true);
        String body = new String(received.body(), StandardCharsets.UTF_8);
        assertThatCode(() -> new Webhook(sim.webhookSecret()).verify(body, headers)).doesNotThrowAnyException();
        // ... and both refuse a changed body or another system's secret, so the inbox's check is not vacuous.
        assertThatThrownBy(() -> new Webhook(sim.webhookSecret()).verify(body.replace("ann@", "eve@"), headers));
        var junction = SignatureSchemes.create(new VerifySpec("standard-webhooks", List.of(sim.webhookSecret()), null, null));
        byte[] tampered = body.replace("ann@", "eve@").getBytes(StandardCharsets.UTF_8);
        assertThat(junction.verify(new WebhookRequest(received.headers(), tampered), clock.instant())).isNotInstanceOf(Verification.Valid.class);
        try (CrmSimulator other = CrmSimulator.builder().name("crm-c").seed(3).start()) {
            assertThat(other.webhookSecret()).startsWith("whsec_").isNotEqualTo(sim.webhookSecret());
            var otherVerifier = SignatureSchemes.create(new VerifySpec("standard-webhooks", List.of(other.webhookSecret()), null, null));
            assertThat(otherVerifier.verify(new WebhookRequest(received.headers(), received.body()), clock.instant()))
                    .isNotInstanceOf(Verification.Valid.class);
        }
    }

    @Test
    void aFailedSendIsRetriedWithTheSameWebhookId() throws Exception {
        inbox.failFirst = 2;
        sim.webhookUrl(inbox.url());
        sim.create(Map.of("email", "ann@example.com"));

        await().atMost(DEADLINE).until(() -> sim.webhooksDelivered() == 1);
        assertThat(inbox.requests).hasValue(3);
        assertThat(inbox.accepted.getFirst().event().get("id").asText()).isEqualTo("evt_crm-b_1");
        assertThat(sim.webhookFailures()).isEqualTo(2);
        assertThat(inbox.accepted).hasSize(1);
    }

    @Test
    void aWebhookIsGivenUpAfterItsLastRetry() throws Exception {
        inbox.failFirst = 100;
        sim.webhookUrl(inbox.url());
        sim.create(Map.of("email", "ann@example.com"));

        await().atMost(DEADLINE).until(() -> sim.webhooksGivenUp() == 1);
        assertThat(inbox.requests).hasValue(4);
        assertThat(sim.webhooksPending()).isZero();
        assertThat(inbox.accepted).isEmpty();
    }

    @Test
    void concurrentCreatesGetDistinctIdsAndOneWebhookEach() throws Exception {
        sim.webhookUrl(inbox.url());
        int n = 40;
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<CrmClient.Answer>> answers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String body = "{\"email\":\"c" + i + "@example.com\"}";
                answers.add(callers.submit(() -> client.post("/contacts", body)));
            }
            for (Future<CrmClient.Answer> a : answers) assertThat(a.get().status()).isEqualTo(201);
        }

        await().atMost(DEADLINE).until(() -> sim.webhooksDelivered() == n);
        assertThat(sim.all()).extracting(r -> r.get("id").asText()).doesNotHaveDuplicates().hasSize(n);
        assertThat(inbox.events()).extracting(e -> e.get("data").get("id").asText())
                .containsExactlyElementsOf(sim.all().stream().map(r -> r.get("id").asText()).toList());
        assertThat(sim.duplicates()).isZero();
    }

    @Test
    void withSeveralSendersRecordsGoInParallelAndEachRecordsChangesStayInOrder() throws Exception {
        try (CrmSimulator parallel = CrmSimulator.builder().name("crm-p").idStyle(IdStyle.NUMERIC).webhookSenders(4).start();
             WebhookInbox slow = inbox(parallel.webhookSecret())) {
            slow.holdMillis = 30;
            parallel.webhookUrl(slow.url());
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 8; i++) ids.add(parallel.create(Map.of("email", "p" + i + "@example.com")).get("id").asText());
            for (int edit = 1; edit <= 3; edit++) for (String id : ids) parallel.edit(id, "phone", "v" + edit);

            await().atMost(DEADLINE).until(() -> parallel.webhooksDelivered() == 32);
            assertThat(slow.mostAtOnce.get()).as("webhooks of different records on their way at once").isGreaterThan(1);
            for (String id : ids) {
                assertThat(slow.events().stream().filter(e -> e.get("data").get("id").asText().equals(id)))
                        .extracting(e -> e.get("data").path("phone").asText("none")).containsExactly("none", "v1", "v2", "v3");
            }
        }
        sim.webhookUrl(inbox.url());
        sim.create(Map.of("email", "one@example.com"));
        sim.create(Map.of("email", "two@example.com"));
        await().atMost(DEADLINE).until(() -> sim.webhooksDelivered() == 2);
        assertThat(inbox.mostAtOnce.get()).as("one sender by default").isEqualTo(1);
        assertThatThrownBy(() -> CrmSimulator.builder().webhookSenders(0)).isInstanceOf(IllegalArgumentException.class);
    }

    private WebhookInbox inbox(String secret) {
        try {
            return new WebhookInbox(secret, clock);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
