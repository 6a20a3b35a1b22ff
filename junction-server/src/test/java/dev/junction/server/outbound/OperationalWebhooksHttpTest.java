package dev.junction.server.outbound;

import static dev.junction.server.TestGateways.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import dev.junction.server.Downstream;
import dev.junction.server.Gateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Operational webhooks: a delivery to an endpoint that dies, and an endpoint disabled by a 410, told to the operator signed. */
class OperationalWebhooksHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String OPS_SECRET = "whsec_b3BzLXNlY3JldC1vcHMtc2VjcmV0LW9wcy1zZWNyZXQ=";

    @TempDir
    Path dir;

    private static String yaml(Path dir, String ops) {
        return """
                server: { host: 127.0.0.1, port: 0 }
                store: { url: "sqlite:%s/junction.db" }
                destinations:
                  ops: { url: "%s", secret: "%s" }
                delivery: { workers: 8, poll-interval: 200ms, lease: 4s }
                outbound: { allow-networks: ["127.0.0.0/8"], operational: ops }
                """.formatted(dir, ops, OPS_SECRET);
    }

    private static JsonNode call(int port, String path, String body, int expected) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + ADMIN_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(expected);
        return JSON.readTree(r.body());
    }

    @Test
    void aDeadDeliveryAndADisabledEndpointAreToldToTheOperationalDestinationSigned() throws Exception {
        try (Downstream ops = new Downstream();
             Downstream refusing = new Downstream().script(n -> Downstream.Reply.status(422));
             Downstream gone = new Downstream().script(n -> Downstream.Reply.status(410));
             Gateway gateway = start(config(yaml(dir, ops.url())))) {
            int port = gateway.port();
            call(port, "/api/v1/apps", "{\"uid\":\"acme\"}", 201);
            String refusingId = call(port, "/api/v1/apps/acme/endpoints", "{\"url\":\"" + refusing.url() + "\",\"filter_types\":[\"a.*\"]}", 201)
                    .get("id").asText();
            String goneId = call(port, "/api/v1/apps/acme/endpoints", "{\"url\":\"" + gone.url() + "\",\"filter_types\":[\"b.*\"]}", 201)
                    .get("id").asText();
            String message = call(port, "/api/v1/apps/acme/messages", "{\"event_type\":\"a.x\",\"payload\":{\"n\":1}}", 202).get("id").asText();
            call(port, "/api/v1/apps/acme/messages", "{\"event_type\":\"b.x\",\"payload\":{\"n\":2}}", 202);

            await().atMost(Duration.ofSeconds(20)).until(() -> ops.arrived() >= 3); // two message.dead (422 and 410), one endpoint.disabled
            List<JsonNode> events = ops.received().stream().map(r -> {
                assertThatCode(() -> new Webhook(OPS_SECRET).verify(r.bodyText(), r.headers())).doesNotThrowAnyException();
                try {
                    return JSON.readTree(r.bodyText());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
            JsonNode dead = events.stream().filter(e -> e.get("type").asText().equals("message.dead")
                    && e.get("data").get("endpointId").asText().equals(refusingId)).findFirst().orElseThrow();
            assertThat(dead.get("data").get("messageId").asText()).isEqualTo(message);
            assertThat(dead.get("data").get("appUid").asText()).isEqualTo("acme");
            assertThat(dead.get("data").get("reason").asText()).contains("HTTP 422");
            assertThat(events).anyMatch(e -> e.get("type").asText().equals("endpoint.disabled")
                    && e.get("data").get("endpointId").asText().equals(goneId) && e.get("data").get("reason").asText().contains("410")
                    && e.get("data").get("appUid").asText().equals("acme"));
        }
    }

    @Test
    void theGuidesOperationalConfigurationLoads() throws Exception {
        String page = java.nio.file.Files.readString(dev.junction.server.RepoFiles.find("docs/outbound.md"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?s)```yaml\n(destinations:.*?)```").matcher(page);
        assertThat(m.find()).isTrue();
        String yaml = "store: { url: \"sqlite:" + dir + "/j.db\" }\n" + m.group(1);
        var loaded = dev.junction.server.config.ConfigLoader.parse(yaml, "outbound.md", java.util.Map.of("OPS_WEBHOOK_SECRET", OPS_SECRET));
        assertThat(loaded.outbound().operational()).isEqualTo("ops");
    }

    @Test
    void anOperationalDestinationThatDoesNotExistIsAConfigError() {
        assertThatThrownBy(() -> config(yaml(dir, "http://127.0.0.1:9/ops").replace("operational: ops", "operational: opz")))
                .hasMessageContaining("outbound.operational").hasMessageContaining("names no destination (configured: ops)");
    }
}
