package dev.junction.server.transform;

import static dev.junction.server.TestGateways.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.server.Downstream;
import dev.junction.server.Gateway;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A route transform on a real gateway (SQLite, HTTP over sockets): an event it maps is delivered reshaped; an
 * event it fails on is dead after one attempt, never sent, with the expression's error in the attempt.
 */
class TransformFailureHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static String invoice(String id, String amount) {
        return "{\"id\":\"" + id + "\",\"object\":\"event\",\"type\":\"invoice.paid\",\"data\":{\"object\":{\"amount\":" + amount
                + ",\"customer\":\"cus_secret_42\"}}}";
    }

    @Test
    void aMappedEventIsSentReshapedAndOneTheExpressionFailsOnIsDeadAtOnceWithTheErrorInItsAttempt() throws Exception {
        try (Downstream billing = new Downstream();
             Gateway gateway = start(config(stripeGateway(dir) + """
                     destinations:
                       billing:
                         url: "%s"
                         retry: { max-attempts: 5, initial-delay: 50ms, max-delay: 1s }
                     routes:
                       - name: invoices
                         from: stripe
                         to: billing
                         transform: '{ "invoice": id, "total_minor": data.object.amount * 100 }'
                     delivery: { workers: 4, poll-interval: 200ms, lease: 4s }
                     """.formatted(billing.url())))) {
            int port = gateway.port();
            String good = JSON.readTree(postStripe(port, invoice("evt_good", "42")).body()).get("id").asText();
            String bad = JSON.readTree(postStripe(port, invoice("evt_bad", "\"forty-two\"")).body()).get("id").asText();

            await().atMost(Duration.ofSeconds(20)).until(() -> billing.succeeded().size() == 1
                    && gateway.pipeline().store().deliveriesOf(bad).get(0).state().name().equals("DEAD"));
            assertThat(JSON.readTree(billing.succeeded().get(0).body()))
                    .isEqualTo(JSON.readTree("{\"invoice\":\"evt_good\",\"total_minor\":4200}"));
            assertThat(billing.succeeded().get(0).header("webhook-id")).isEqualTo(good);

            JsonNode dead = JSON.readTree(get(port, "/api/v1/messages/" + bad).body()).get("deliveries").get(0);
            assertThat(dead.get("state").asText()).isEqualTo("DEAD");
            assertThat(dead.get("route").asText()).isEqualTo("invoices");
            assertThat(dead.get("attempts")).hasSize(1);
            JsonNode attempt = dead.get("attempts").get(0);
            assertThat(attempt.get("outcome").asText()).isEqualTo("PERMANENT");
            assertThat(attempt.get("status").isNull()).isTrue();
            assertThat(attempt.get("error").asText())
                    .isEqualTo("transform: T2001: The left side of the \"*\" operator must evaluate to a number");
            assertThat(dead.get("lastError").asText()).contains("T2001").doesNotContain("forty-two", "cus_secret_42");
            // Never sent: the receiver saw the good event only, and no retry of the bad one is planned.
            assertThat(billing.received()).hasSize(1);
            JsonNode letters = JSON.readTree(get(port, "/api/v1/dead-letters").body()).get("items");
            assertThat(letters).hasSize(1);
            assertThat(letters.get(0).get("route").asText()).isEqualTo("invoices");
        }
    }
}
