package dev.junction.server.outbound;

import static dev.junction.server.TestGateways.config;
import static dev.junction.server.TestGateways.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.server.Downstream;
import dev.junction.server.Gateway;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A message that reached an endpoint can be sent to it again (a customer lost it): its delivery goes back to pending
 * whatever it came to, keeping the message's webhook-id, except while an attempt is under way.
 */
class ResendHttpTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void aSucceededMessageIsSentAgainUnderItsWebhookIdButNotWhileInFlight() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (Downstream receiver = new Downstream().script(n -> {
                 if (n == 3) hold(release);
                 return Downstream.Reply.ok();
             });
             Gateway gateway = start(config("""
                     server: { host: 127.0.0.1, port: 0 }
                     store: { url: "sqlite:%s/junction.db" }
                     delivery: { workers: 2, poll-interval: 200ms, lease: 30s }
                     outbound: { allow-networks: ["127.0.0.0/8"] }
                     """.formatted(dir)))) {
            AdminHttp admin = new AdminHttp(gateway.port());
            admin.call("POST", "/api/v1/apps", "{\"uid\":\"acme\"}", 201);
            admin.call("POST", "/api/v1/apps", "{\"uid\":\"globex\"}", 201);
            String endpoint = admin.endpoint("acme", "{\"url\":\"" + receiver.url() + "\"}");
            String message = admin.publish("acme", "{\"event_type\":\"invoice.paid\",\"payload\":{\"n\":1}}");
            await().atMost(WAIT).until(() -> receiver.succeeded().size() == 1);

            String resend = "/api/v1/apps/acme/messages/" + message + "/endpoints/" + endpoint + "/resend";
            JsonNode answer = admin.call("POST", resend, null, 202);
            assertThat(answer.get("previousState").asText()).isEqualTo("SUCCEEDED");
            assertThat(answer.get("status").asText()).isEqualTo("pending");
            await().atMost(WAIT).until(() -> receiver.succeeded().size() == 2);
            assertThat(receiver.received()).extracting(r -> r.header("webhook-id")).containsOnly(message);
            JsonNode delivery = admin.call("GET", "/api/v1/apps/acme/messages/" + message, null, 200).get("deliveries").get(0);
            assertThat(delivery.get("id").asText()).isEqualTo(answer.get("id").asText());
            assertThat(delivery.get("attempts")).as("every attempt kept").hasSize(2);

            // The third send is held by the receiver: while it is, a resend would be overwritten by its outcome.
            admin.call("POST", resend, null, 202);
            await().atMost(WAIT).until(() -> receiver.arrived() == 3);
            assertThat(admin.call("POST", resend, null, 409).get("type").asText()).isEqualTo("/problems/in-flight");
            release.countDown();
            await().atMost(WAIT).until(() -> receiver.succeeded().size() == 3);

            String later = admin.endpoint("acme", "{\"url\":\"" + receiver.url() + "\"}");
            assertThat(admin.call("POST", "/api/v1/apps/acme/messages/" + message + "/endpoints/" + later + "/resend", null, 404)
                    .get("type").asText()).isEqualTo("/problems/not-sent");
            admin.call("POST", "/api/v1/apps/globex/messages/" + message + "/endpoints/" + endpoint + "/resend", null, 404);
        }
    }

    private static void hold(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
