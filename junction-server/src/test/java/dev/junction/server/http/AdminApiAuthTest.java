package dev.junction.server.http;

import static dev.junction.server.TestGateways.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.server.Downstream;
import dev.junction.server.GatewayUnderTest;
import dev.junction.server.auth.ApiKeys;
import dev.junction.store.ApiKey;
import dev.junction.store.Pause;
import dev.junction.store.Store;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** API keys and roles on the admin API, over real sockets on a real SQLite store. */
class AdminApiAuthTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private GatewayUnderTest running;

    /** A gateway whose environment is exactly {@code env} (no bootstrap key unless given). */
    private int start(Map<String, String> env) throws Exception {
        running = GatewayUnderTest.start(dir, env, n -> Downstream.Reply.ok());
        return running.port();
    }

    @AfterEach
    void stop() {
        if (running != null) running.close();
    }

    private Store store() {
        return running.store();
    }

    private String issue(String name, ApiKey.Role role) {
        return ApiKeys.issue(store(), name, role, Instant.now(), new SecureRandom()).key();
    }

    private static Map<String, String> bearer(String key) {
        return Map.of("Authorization", "Bearer " + key);
    }

    private static JsonNode problem(HttpResponse<String> r, int status, String type) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode p = JSON.readTree(r.body());
        assertThat(p.get("type").asText()).isEqualTo(type);
        assertThat(p.get("status").asInt()).isEqualTo(status);
        return p;
    }

    @Test
    void withoutAnyKeyTheAnswerIs401AndSaysHowToCreateOne() throws Exception {
        int port = start(Map.of());
        HttpResponse<String> r = request(port, "GET", "/api/v1/stats", Map.of());
        JsonNode p = problem(r, 401, "/problems/missing-api-key");
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(p.get("detail").asText()).contains("junction keys create", "--role admin", "JUNCTION_ADMIN_KEY", "Authorization: Bearer");
        // A path that does not exist is guarded too: the API's shape is not told to strangers.
        problem(request(port, "GET", "/api/v1/nothing-here", Map.of()), 401, "/problems/missing-api-key");
    }

    @Test
    void onceAKeyExistsAMissingKeyIsStill401ButTheDetailNoLongerSaysCreateOne() throws Exception {
        int port = start(Map.of());
        issue("ops", ApiKey.Role.ADMIN);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(problem(request(port, "GET", "/api/v1/stats", Map.of()), 401, "/problems/missing-api-key")
                        .get("detail").asText()).doesNotContain("keys create"));
    }

    @Test
    void aReadKeyMayGetButNotChangeAnything() throws Exception {
        int port = start(Map.of());
        String key = issue("grafana", ApiKey.Role.READ);

        assertThat(request(port, "GET", "/api/v1/destinations", bearer(key)).statusCode()).isEqualTo(200);
        assertThat(request(port, "GET", "/api/v1/dead-letters", Map.of("X-Api-Key", key)).statusCode()).isEqualTo(200);

        HttpResponse<String> pause = request(port, "POST", "/api/v1/destinations/billing/pause", bearer(key));
        JsonNode p = problem(pause, 403, "/problems/read-only-key");
        assertThat(p.get("detail").asText()).contains("grafana", "read", "admin");
        assertThat(store().pauses()).as("the refused request changed nothing").isEmpty();
        problem(request(port, "DELETE", "/api/v1/dead-letters/dlv_x", bearer(key)), 403, "/problems/read-only-key");
        // Nor read an endpoint's signing secret: with it anyone can sign webhooks the customer trusts.
        JsonNode secret = problem(request(port, "GET", "/api/v1/apps/acme/endpoints/ep_x/secret", bearer(key)), 403, "/problems/read-only-key");
        assertThat(secret.get("detail").asText()).contains("secret", "admin");
        // The router ignores trailing slashes; the guard must too (a read key got the secret at .../secret/).
        for (String path : new String[] {"/api/v1/apps/acme/endpoints/ep_x/secret/", "/api/v1/apps/acme/endpoints/ep_x/secret//", "/api/v1/apps/acme/endpoints/ep_x/secret/?x"}) {
            problem(request(port, "GET", path, bearer(key)), 403, "/problems/read-only-key");
        }
    }

    @Test
    void anAdminKeyMayChangeThings() throws Exception {
        int port = start(Map.of());
        String key = issue("ops", ApiKey.Role.ADMIN);
        HttpResponse<String> pause = request(port, "POST", "/api/v1/destinations/billing/pause?reason=deploy", bearer(key));
        assertThat(pause.statusCode()).isEqualTo(200);
        assertThat(store().pauses()).extracting(Pause::name).containsExactly("billing");
        assertThat(request(port, "POST", "/api/v1/destinations/billing/resume", Map.of("X-Api-Key", key)).statusCode()).isEqualTo(200);
        assertThat(store().pauses()).isEmpty();
    }

    @Test
    void anUnknownKeyOrAnotherSchemeIs401() throws Exception {
        int port = start(Map.of());
        issue("ops", ApiKey.Role.ADMIN);
        HttpResponse<String> unknown = request(port, "GET", "/api/v1/stats", bearer("jk_" + "A".repeat(43)));
        problem(unknown, 401, "/problems/unknown-api-key");
        assertThat(unknown.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).contains("invalid_token"));

        HttpResponse<String> basic = request(port, "GET", "/api/v1/stats", Map.of("Authorization", "Basic b3BzOnNlY3JldA=="));
        assertThat(problem(basic, 401, "/problems/missing-api-key").get("detail").asText()).contains("Bearer");
        // curl -H "Authorization: Bearer $KEY" with $KEY empty (the command that made it failed).
        HttpResponse<String> empty = request(port, "GET", "/api/v1/stats", Map.of("Authorization", "Bearer "));
        assertThat(problem(empty, 401, "/problems/missing-api-key").get("detail").asText())
                .startsWith("The Authorization header has no key after Bearer (was the variable holding it empty?).");
    }

    /**
     * Jetty keeps a cache of the header lines a connection has sent and, unless told otherwise, matches it ignoring
     * case: a key differing from an earlier one only in the case of a letter was read as the earlier key, so on a
     * kept-alive connection (a proxy's pooled connection carries many clients) it was let in. Each request is judged
     * by the bytes it sent.
     */
    @Test
    void aKeyIsReadAsSentEvenWhenItDiffersFromAnEarlierOneOnlyInCase() throws Exception {
        int port = start(Map.of());
        String key = issue("ops", ApiKey.Role.ADMIN);
        int letter = 3;
        while (!Character.isLetter(key.charAt(letter))) letter++;
        char c = key.charAt(letter);
        String recased = key.substring(0, letter) + (Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c))
                + key.substring(letter + 1);

        StringBuilder pipelined = new StringBuilder();
        for (String k : List.of(key, key, key, recased, key)) {
            pipelined.append("GET /api/v1/stats HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ").append(k).append("\r\n\r\n");
        }
        pipelined.append("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        String answers;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(pipelined.toString().getBytes(StandardCharsets.US_ASCII));
            answers = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> statuses = Pattern.compile("HTTP/1\\.1 (\\d{3})").matcher(answers).results().map(m -> m.group(1)).toList();
        assertThat(statuses).as("one connection, the fourth key differs from the first only in case").containsExactly("200", "200", "200", "401", "200", "200");
        assertThat(answers).contains("/problems/unknown-api-key");
    }

    @Test
    void aRevokedKeyIsRefusedWithinSecondsOfItsRevocation() throws Exception {
        int port = start(Map.of());
        String key = issue("ci", ApiKey.Role.ADMIN);
        assertThat(request(port, "GET", "/api/v1/stats", bearer(key)).statusCode()).isEqualTo(200);

        assertThat(store().revokeApiKey("ci", Instant.now())).isTrue();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                problem(request(port, "GET", "/api/v1/stats", bearer(key)), 401, "/problems/revoked-api-key"));
    }

    @Test
    void theUseOfAKeyIsRecorded() throws Exception {
        int port = start(Map.of());
        String key = issue("ci", ApiKey.Role.READ);
        assertThat(store().apiKeys().get(0).lastUsedAt()).isNull();
        Instant before = Instant.now().minusMillis(1);
        request(port, "GET", "/api/v1/stats", bearer(key));
        assertThat(store().apiKeys().get(0).lastUsedAt()).isAfter(before);
    }

    @Test
    void theBootstrapKeyFromTheEnvironmentIsAnAdminKey() throws Exception {
        String bootstrap = "env-key-" + "x".repeat(40);
        int port = start(Map.of("JUNCTION_ADMIN_KEY", bootstrap));
        assertThat(request(port, "POST", "/api/v1/sources/stripe/pause", bearer(bootstrap)).statusCode()).isEqualTo(200);
        assertThat(store().pauses()).extracting(Pause::name).containsExactly("stripe");
        assertThat(store().apiKeys()).as("the bootstrap key is never stored").isEmpty();
        problem(request(port, "GET", "/api/v1/stats", bearer(bootstrap + "y")), 401, "/problems/unknown-api-key");
    }

    @Test
    void aGuessableBootstrapKeyStopsTheGatewayFromStartingWithoutRepeatingIt() {
        assertThatThrownBy(() -> start(Map.of("JUNCTION_ADMIN_KEY", "hunter2")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("JUNCTION_ADMIN_KEY").hasMessageContaining("at least 32")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void ingestHealthAndTheOpenApiDocumentNeedNoKey() throws Exception {
        int port = start(Map.of());
        assertThat(postStripe(port, stripeEvent("evt_open")).statusCode()).as("ingest is guarded by signatures only").isEqualTo(202);
        assertThat(request(port, "GET", "/health/live", Map.of()).statusCode()).isEqualTo(200);
        assertThat(request(port, "GET", "/health/ready", Map.of()).statusCode()).isEqualTo(200);
        assertThat(request(port, "GET", "/api/v1/openapi.json", Map.of()).statusCode()).isEqualTo(200);
        assertThat(request(port, "GET", "/metrics", Map.of()).statusCode()).as("open unless JUNCTION_METRICS_REQUIRE_KEY").isEqualTo(200);
    }

    @Test
    void metricsMayBePutBehindAKey() throws Exception {
        int port = start(Map.of("JUNCTION_METRICS_REQUIRE_KEY", "true"));
        String key = issue("prometheus", ApiKey.Role.READ);
        problem(request(port, "GET", "/metrics", Map.of()), 401, "/problems/missing-api-key");
        HttpResponse<String> scrape = request(port, "GET", "/metrics", bearer(key));
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).contains("junction_deliveries");
    }
}
