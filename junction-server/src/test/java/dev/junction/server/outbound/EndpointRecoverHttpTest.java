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
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An endpoint's recovery ({@code POST .../endpoints/{id}/replay}) over a time range: {@code since} to {@code until}, exclusive. */
class EndpointRecoverHttpTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private Gateway gateway() {
        return start(config("""
                server: { host: 127.0.0.1, port: 0 }
                store: { url: "sqlite:%s/junction.db" }
                delivery: { workers: 2, poll-interval: 200ms, lease: 4s }
                outbound: { allow-networks: ["127.0.0.0/8"] }
                """.formatted(dir)));
    }

    /** Publishes one message that dies at once (a 422 is not retried) and returns when its delivery failed. */
    private static Instant died(AdminHttp admin, String endpoint, int n) throws Exception {
        admin.publish("acme", "{\"event_type\":\"invoice.paid\",\"payload\":{\"n\":" + n + "}}");
        String dead = "/api/v1/apps/acme/endpoints/" + endpoint + "/deliveries?state=dead";
        await().atMost(WAIT).until(() -> admin.call("GET", dead, null, 200).get("items").size() == n);
        return Instant.parse(admin.call("GET", dead, null, 200).get("items").get(0).get("updatedAt").asText());
    }

    @Test
    void untilBoundsTheRecoveryExclusively() throws Exception {
        try (Downstream receiver = new Downstream().script(n -> Downstream.Reply.status(n == 1 ? 422 : 200));
             Gateway gateway = gateway()) {
            AdminHttp admin = new AdminHttp(gateway.port());
            admin.call("POST", "/api/v1/apps", "{\"uid\":\"acme\"}", 201);
            String endpoint = admin.endpoint("acme", "{\"url\":\"" + receiver.url() + "\"}");
            Instant first = died(admin, endpoint, 1);
            Instant second = died(admin, endpoint, 2);
            assertThat(second).as("the second died after the first was seen dead").isAfter(first);
            String replay = "/api/v1/apps/acme/endpoints/" + endpoint + "/replay";

            assertThat(admin.call("POST", replay, "{\"until\":\"" + first + "\"}", 202).get("replayed").asInt())
                    .as("until is exclusive").isZero();
            assertThat(admin.call("POST", replay, "{\"since\":\"" + first + "\",\"until\":\"" + second + "\"}", 202)
                    .get("replayed").asInt()).as("the first alone").isEqualTo(1);
            await().atMost(WAIT).until(() -> receiver.succeeded().size() == 1);
            assertThat(admin.call("GET", "/api/v1/apps/acme/endpoints/" + endpoint + "/deliveries?state=dead", null, 200)
                    .get("items")).hasSize(1);

            JsonNode refused = admin.call("POST", replay, "{\"since\":\"" + second + "\",\"until\":\"" + first + "\"}", 400);
            assertThat(refused.get("parameter").asText()).isEqualTo("until");
        }
    }

    @Test
    void aReplayToADisabledEndpointSaysNothingGoesUntilItIsEnabled() throws Exception {
        try (Downstream receiver = new Downstream().script(n -> Downstream.Reply.status(n == 1 ? 422 : 200));
             Gateway gateway = gateway()) {
            AdminHttp admin = new AdminHttp(gateway.port());
            admin.call("POST", "/api/v1/apps", "{\"uid\":\"acme\"}", 201);
            String endpoint = admin.endpoint("acme", "{\"url\":\"" + receiver.url() + "\"}");
            died(admin, endpoint, 1);
            Instant second = died(admin, endpoint, 2);
            String secondDelivery = admin.call("GET", "/api/v1/apps/acme/endpoints/" + endpoint + "/deliveries?state=dead", null, 200)
                    .get("items").get(0).get("id").asText();
            String path = "/api/v1/apps/acme/endpoints/" + endpoint;
            assertThat(admin.call("POST", path + "/replay", "{\"until\":\"" + second + "\"}", 202).get("endpointDisabled").asBoolean())
                    .as("enabled: said so").isFalse();
            await().atMost(WAIT).until(() -> receiver.succeeded().size() == 1);
            admin.call("PATCH", path, "{\"disabled\":true}", 200);

            JsonNode replayed = admin.call("POST", "/api/v1/dead-letters/" + secondDelivery + "/replay", null, 202);
            assertThat(replayed.get("endpointDisabled").asBoolean()).isTrue();
            assertThat(replayed.get("note").asText()).contains(endpoint, "disabled", "until it is enabled");
            assertThat(admin.call("POST", path + "/replay", "{}", 202).get("endpointDisabled").asBoolean()).isTrue();
            assertThat(admin.call("POST", "/api/v1/dead-letters/replay", "{\"destination\":\"" + endpoint + "\"}", 202)
                    .get("endpointDisabled").asBoolean()).isTrue();
            String message = admin.call("GET", path + "/deliveries", null, 200).get("items").get(0).get("messageId").asText();
            assertThat(admin.call("POST", "/api/v1/apps/acme/messages/" + message + "/endpoints/" + endpoint + "/resend", null, 202)
                    .get("endpointDisabled").asBoolean()).isTrue();

            admin.call("PATCH", path, "{\"disabled\":false}", 200);
            await().atMost(WAIT).until(() -> receiver.succeeded().size() >= 2);
        }
    }
}
