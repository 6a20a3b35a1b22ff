package dev.junction.server.outbound;

import static dev.junction.server.TestGateways.ADMIN_KEY;
import static dev.junction.server.TestGateways.config;
import static dev.junction.server.TestGateways.start;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.server.Downstream;
import dev.junction.server.Gateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every admin POST that creates or acts honours an {@code Idempotency-Key}, as publishing does: a retried create
 * gets the first answer and creates nothing more; the portal's API does too, its keys scoped to the link's
 * application. A secret's rotation is not stored under a key: a retry is refused, and the key is read apart.
 */
class AdminIdempotencyHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private String yaml() {
        return """
                server: { host: 127.0.0.1, port: 0 }
                store: { url: "sqlite:%s/junction.db" }
                delivery: { workers: 2, poll-interval: 200ms, lease: 4s }
                outbound: { allow-networks: ["127.0.0.0/8"], require-idempotency-key: true }
                """.formatted(dir);
    }

    private static HttpResponse<String> post(int port, String path, String body, String bearer, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + bearer).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) b.header("Idempotency-Key", "\"" + key + "\"");
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    @Test
    void aRetriedCreateOrTestEventGetsTheFirstAnswerAndDoesNothingMore() throws Exception {
        try (Downstream receiver = new Downstream(); Gateway gateway = start(config(yaml()))) {
            int port = gateway.port();
            AdminHttp admin = new AdminHttp(port);
            String appKey = UUID.randomUUID().toString();
            HttpResponse<String> app = post(port, "/api/v1/apps", "{\"uid\":\"acme\"}", ADMIN_KEY, appKey);
            HttpResponse<String> appAgain = post(port, "/api/v1/apps", "{\"uid\":\"acme\"}", ADMIN_KEY, appKey);
            assertThat(app.statusCode()).isEqualTo(201);
            assertThat(appAgain.statusCode()).as(appAgain.body()).isEqualTo(201);
            assertThat(appAgain.headers().firstValue("Idempotent-Replayed")).hasValue("true");
            assertThat(appAgain.body()).isEqualTo(app.body());

            String body = "{\"url\":\"" + receiver.url() + "\"}";
            String endpointKey = UUID.randomUUID().toString();
            HttpResponse<String> created = post(port, "/api/v1/apps/acme/endpoints", body, ADMIN_KEY, endpointKey);
            HttpResponse<String> retried = post(port, "/api/v1/apps/acme/endpoints", body, ADMIN_KEY, endpointKey);
            assertThat(retried.statusCode()).isEqualTo(201);
            assertThat(json(retried).get("id")).isEqualTo(json(created).get("id"));
            assertThat(admin.call("GET", "/api/v1/apps/acme/endpoints", null, 200).get("items")).as("one endpoint, not two").hasSize(1);
            assertThat(created.body()).as("the stored answer holds no secret").doesNotContain("whsec_");
            String endpoint = json(created).get("id").asText();

            String testKey = UUID.randomUUID().toString();
            HttpResponse<String> sent = post(port, "/api/v1/apps/acme/endpoints/" + endpoint + "/test", "{}", ADMIN_KEY, testKey);
            HttpResponse<String> sentAgain = post(port, "/api/v1/apps/acme/endpoints/" + endpoint + "/test", "{}", ADMIN_KEY, testKey);
            assertThat(sent.statusCode()).isEqualTo(202);
            assertThat(sentAgain.body()).isEqualTo(sent.body());
            assertThat(admin.call("GET", "/api/v1/apps/acme/messages", null, 200).get("items")).as("one test event").hasSize(1);

            String replayKey = UUID.randomUUID().toString();
            HttpResponse<String> replay = post(port, "/api/v1/apps/acme/endpoints/" + endpoint + "/replay", "{}", ADMIN_KEY, replayKey);
            assertThat(post(port, "/api/v1/apps/acme/endpoints/" + endpoint + "/replay", "{}", ADMIN_KEY, replayKey)
                    .headers().firstValue("Idempotent-Replayed")).hasValue("true");
            assertThat(replay.statusCode()).isEqualTo(202);

            // Required on publishing only: the dashboard, the portal and the CLI send other POSTs without one.
            assertThat(post(port, "/api/v1/apps", "{\"uid\":\"globex\"}", ADMIN_KEY, null).statusCode()).isEqualTo(201);

            String rotateKey = UUID.randomUUID().toString();
            HttpResponse<String> rotated = post(port, "/api/v1/apps/acme/endpoints/" + endpoint + "/secret/rotate", "{}", ADMIN_KEY, rotateKey);
            HttpResponse<String> rotatedAgain = post(port, "/api/v1/apps/acme/endpoints/" + endpoint + "/secret/rotate", "{}", ADMIN_KEY, rotateKey);
            assertThat(rotated.statusCode()).isEqualTo(200);
            assertThat(rotatedAgain.statusCode()).as("a retry rotates nothing more; its secret is not kept under the key").isEqualTo(409);
            assertThat(rotatedAgain.body()).contains("rotation-in-progress").doesNotContain("whsec_");
            assertThat(admin.secret("acme", endpoint)).isEqualTo(json(rotated).get("key").asText());
        }
    }

    @Test
    void thePortalsApiHonoursAKeyPerApplication() throws Exception {
        try (Downstream receiver = new Downstream(); Gateway gateway = start(config(yaml()))) {
            int port = gateway.port();
            AdminHttp admin = new AdminHttp(port);
            admin.call("POST", "/api/v1/apps", "{\"uid\":\"acme\"}", 201);
            admin.call("POST", "/api/v1/apps", "{\"uid\":\"globex\"}", 201);
            String acme = admin.call("POST", "/api/v1/apps/acme/portal-links", "{}", 201).get("token").asText();
            String globex = admin.call("POST", "/api/v1/apps/globex/portal-links", "{}", 201).get("token").asText();

            String body = "{\"url\":\"" + receiver.url() + "\"}";
            String key = UUID.randomUUID().toString();
            HttpResponse<String> first = post(port, "/portal/api/endpoints", body, acme, key);
            HttpResponse<String> retried = post(port, "/portal/api/endpoints", body, acme, key);
            assertThat(first.statusCode()).isEqualTo(201);
            assertThat(retried.headers().firstValue("Idempotent-Replayed")).hasValue("true");
            assertThat(json(retried).get("id")).isEqualTo(json(first).get("id"));
            assertThat(admin.call("GET", "/api/v1/apps/acme/endpoints", null, 200).get("items")).hasSize(1);

            // The same key and request from another customer's link is that customer's own: never acme's answer.
            HttpResponse<String> other = post(port, "/portal/api/endpoints", body, globex, key);
            assertThat(other.statusCode()).isEqualTo(201);
            assertThat(other.headers().firstValue("Idempotent-Replayed")).isEmpty();
            assertThat(json(other).get("appId").asText()).isNotEqualTo(json(first).get("appId").asText());
        }
    }
}
