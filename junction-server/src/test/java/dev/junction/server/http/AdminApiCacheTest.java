package dev.junction.server.http;

import static dev.junction.server.TestGateways.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.server.Downstream;
import dev.junction.server.Gateway;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin API's answers are kept by no cache, over real sockets on SQLite: an endpoint's signing secret, a rotated
 * one and a portal link's token are credentials, as they are on the portal API, which always said so; a refusal too.
 */
class AdminApiCacheTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Downstream receiver;
    private Gateway gateway;

    @AfterEach
    void stop() {
        if (gateway != null) gateway.close();
        if (receiver != null) receiver.close();
    }

    @Test
    void answersCarryingSecretsAreNoStore() throws Exception {
        receiver = new Downstream();
        gateway = start(config(stripeGateway(dir) + """
                destinations:
                  billing: { url: "%s" }
                routes:
                  - { from: stripe, to: [billing] }
                outbound: { allow-networks: ["127.0.0.0/8"] }
                """.formatted(receiver.url())));
        int port = gateway.port();
        assertThat(postJson(port, "/api/v1/apps", "{\"uid\":\"acme\"}").statusCode()).isEqualTo(201);
        HttpResponse<String> created = postJson(port, "/api/v1/apps/acme/endpoints", "{\"url\":\"" + receiver.url() + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String endpoint = JSON.readTree(created.body()).get("id").asText();

        HttpResponse<String> secret = get(port, "/api/v1/apps/acme/endpoints/" + endpoint + "/secret");
        assertThat(secret.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(secret.body()).get("key").asText()).startsWith("whsec_");
        assertThat(secret.headers().firstValue("Cache-Control")).contains("no-store");

        HttpResponse<String> rotated = postJson(port, "/api/v1/apps/acme/endpoints/" + endpoint + "/secret/rotate", "{}");
        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
        assertThat(rotated.headers().firstValue("Cache-Control")).contains("no-store");

        HttpResponse<String> link = postJson(port, "/api/v1/apps/acme/portal-links", "{}");
        JsonNode body = JSON.readTree(link.body());
        assertThat(link.statusCode()).isEqualTo(201);
        assertThat(body.get("token").asText()).startsWith("jpt_");
        assertThat(link.headers().firstValue("Cache-Control")).contains("no-store");

        assertThat(get(port, "/api/v1/stats").headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(request(port, "GET", "/api/v1/stats", Map.of()).headers().firstValue("Cache-Control")).contains("no-store");
        // The OpenAPI document holds no data and needs no key: it may be cached.
        assertThat(request(port, "GET", "/api/v1/openapi.json", Map.of()).headers().firstValue("Cache-Control")).isEmpty();
    }
}
