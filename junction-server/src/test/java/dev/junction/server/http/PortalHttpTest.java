package dev.junction.server.http;

import static dev.junction.server.TestGateways.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import dev.junction.server.Downstream;
import dev.junction.server.Gateway;
import dev.junction.server.GatewayUnderTest;
import dev.junction.server.ShiftedClock;
import dev.junction.store.Endpoint;
import dev.junction.store.TestDatabases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The consumer portal's token rules over real sockets: a link opens its own application only (another's endpoints
 * and messages are 404 even by id, and stay as they were), it expires (the gateway's clock is moved on), an altered
 * or foreign-signed token is refused, an admin key is no portal token and a portal token no admin key, and a link
 * given out by one node opens on another that shares the store. No token reaches a log line.
 */
class PortalHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String PORTAL_KEY = "portal-key-for-tests-0123456789abcdef";

    @TempDir
    Path dir;

    private final ShiftedClock clock = new ShiftedClock();
    private final Downstream receiverA = opened();
    private final Downstream receiverB = opened();
    private final List<AutoCloseable> started = new java.util.ArrayList<>(List.of(receiverA, receiverB));
    private Gateway gateway;
    private int port;

    private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private Level rootLevel;

    /** Everything logged at INFO and above (the packaged gateway's level; tests keep to errors) is kept and searched. */
    @BeforeEach
    void captureLogs() {
        rootLevel = root.getLevel();
        root.setLevel(Level.INFO);
        logged.start();
        root.addAppender(logged);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : started.reversed()) c.close();
        root.detachAppender(logged);
        root.setLevel(rootLevel);
        List<String> lines = logged.list.stream().map(e -> e.getFormattedMessage() + " " + e.getMDCPropertyMap()).toList();
        assertThat(lines).as("the gateway's log was captured").anyMatch(l -> l.contains("listening on"));
        assertThat(lines).as("portal tokens in the log").noneMatch(l -> l.contains(PortalTokens.PREFIX));
    }

    private static Downstream opened() {
        try {
            return new Downstream();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Gateway gateway(String store, Map<String, String> extraEnv) {
        Map<String, String> env = new HashMap<>(GatewayUnderTest.ADMIN_ENV);
        env.putAll(extraEnv);
        Gateway g = Gateway.start(config("""
                server: { host: 127.0.0.1, port: 0 }
                store: { url: "%s" }
                sources:
                  stripe:
                    verify: { scheme: stripe, secrets: ["${STRIPE_WEBHOOK_SECRET}"] }
                delivery: { workers: 4, poll-interval: 200ms, lease: 4s }
                outbound: { allow-networks: ["127.0.0.0/8"] }
                """.formatted(store)), clock, env);
        started.add(g);
        return g;
    }

    private JsonNode call(String method, String path, String body, String bearer, int expected) throws Exception {
        return call(port, method, path, body, bearer, expected);
    }

    private static JsonNode call(int port, String method, String path, String body, String bearer, int expected) throws Exception {
        HttpResponse<String> r = send(port, method, path, body, bearer);
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(expected);
        return r.body().isEmpty() ? null : JSON.readTree(r.body());
    }

    private static HttpResponse<String> send(int port, String method, String path, String body, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) b.header("Authorization", "Bearer " + bearer);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Two customers, an endpoint and a message each; answers B's endpoint id, message id and app id. */
    private Map<String, String> twoCustomers() throws Exception {
        call("POST", "/api/v1/apps", "{\"uid\":\"acme\",\"name\":\"Acme Corp\"}", ADMIN_KEY, 201);
        String appB = call("POST", "/api/v1/apps", "{\"uid\":\"globex\",\"name\":\"Globex\"}", ADMIN_KEY, 201).get("id").asText();
        String endpointA = call("POST", "/api/v1/apps/acme/endpoints", "{\"url\":\"" + receiverA.url() + "\"}", ADMIN_KEY, 201).get("id").asText();
        String endpointB = call("POST", "/api/v1/apps/globex/endpoints", "{\"url\":\"" + receiverB.url() + "\"}", ADMIN_KEY, 201).get("id").asText();
        String messageA = call("POST", "/api/v1/apps/acme/messages", "{\"event_type\":\"a.b\",\"payload\":{\"n\":1}}", ADMIN_KEY, 202).get("id").asText();
        String messageB = call("POST", "/api/v1/apps/globex/messages", "{\"event_type\":\"a.b\",\"payload\":{\"n\":2}}", ADMIN_KEY, 202).get("id").asText();
        return Map.of("appB", appB, "endpointA", endpointA, "endpointB", endpointB, "messageA", messageA, "messageB", messageB);
    }

    private String link(String app, String body) throws Exception {
        return call("POST", "/api/v1/apps/" + app + "/portal-links", body, ADMIN_KEY, 201).get("token").asText();
    }

    @Test
    void aLinkOpensItsOwnApplicationOnlyUntilItExpires() throws Exception {
        gateway = gateway("sqlite:" + dir + "/junction.db", Map.of());
        port = gateway.port();
        Map<String, String> b = twoCustomers();
        Endpoint before = storeEndpoint(b.get("endpointB"));

        JsonNode issued = call("POST", "/api/v1/apps/acme/portal-links", "{\"expires_in\":\"2h\"}", ADMIN_KEY, 201);
        String token = issued.get("token").asText();
        assertThat(issued.get("url").asText()).isEqualTo("http://127.0.0.1:" + port + "/portal/#token=" + token);
        assertThat(Instant.parse(issued.get("expiresAt").asText())).isBetween(clock.instant().plus(Duration.ofHours(2)).minusSeconds(2),
                clock.instant().plus(Duration.ofHours(2)));
        assertThat(call("GET", "/portal/api/app", null, token, 200).get("uid").asText()).isEqualTo("acme");
        // Behind a proxy the link takes its origin from X-Forwarded-*: only an http(s) origin, never a javascript: one.
        // A list of hosts is refused too, as the docs say (the first was taken).
        for (Map.Entry<String, String> forged : List.of(Map.entry("X-Forwarded-Proto", "javascript:alert(1)//"),
                Map.entry("X-Forwarded-Host", "evil\"><script>"), Map.entry("X-Forwarded-Host", "a.example, b.example"))) {
            HttpResponse<String> refused = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/apps/acme/portal-links"))
                    .header("Authorization", "Bearer " + ADMIN_KEY).header(forged.getKey(), forged.getValue())
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).as(forged.getKey()).isEqualTo(400);
            assertThat(JSON.readTree(refused.body()).get("parameter").asText()).isEqualTo(forged.getKey());
        }
        HttpResponse<String> proxied = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/apps/acme/portal-links"))
                .header("Authorization", "Bearer " + ADMIN_KEY).header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "hooks.example.com")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(JSON.readTree(proxied.body()).get("url").asText()).startsWith("https://hooks.example.com/portal/#token=");

        // Only A's endpoints and messages: a query that names another application is refused, not obeyed.
        assertThat(call("GET", "/portal/api/endpoints?app=globex", null, token, 400).get("parameter").asText()).isEqualTo("app");
        assertThat(call("GET", "/portal/api/endpoints", null, token, 200).get("items")).extracting(e -> e.get("id").asText())
                .containsExactly(b.get("endpointA"));
        await().atMost(WAIT).until(() -> receiverA.arrived() + receiverB.arrived() >= 2);
        assertThat(call("GET", "/portal/api/messages", null, token, 200).get("items")).extracting(m -> m.get("id").asText())
                .containsExactly(b.get("messageA"));
        assertThat(call("GET", "/portal/api/messages/" + b.get("messageA"), null, token, 200).get("deliveries")).hasSize(1);

        // B's endpoint and message by id: 404 for every route, and nothing of B's changes.
        String other = "/portal/api/endpoints/" + b.get("endpointB");
        call("GET", other, null, token, 404);
        call("PATCH", other, "{\"url\":\"" + receiverA.url() + "\"}", token, 404);
        call("GET", other + "/secret", null, token, 404);
        call("POST", other + "/secret/rotate", "{}", token, 404);
        call("POST", other + "/test", null, token, 404);
        call("GET", other + "/deliveries", null, token, 404);
        call("POST", other + "/replay", "{}", token, 404);
        call("DELETE", other, null, token, 404);
        call("GET", "/portal/api/messages/" + b.get("messageB"), null, token, 404);
        assertThat(storeEndpoint(b.get("endpointB"))).as("B's endpoint as it was").isEqualTo(before);
        int toB = receiverB.arrived();

        // A's own: the admin API's rules (SSRF refused with 422), and a test event to its endpoint alone.
        JsonNode refused = call("POST", "/portal/api/endpoints", "{\"url\":\"http://10.0.0.5/hooks\"}", token, 422);
        assertThat(refused.get("type").asText()).isEqualTo("/problems/url-refused");
        // A description is a label in the portal's table: 500 characters at most, on create and on edit.
        String tooLong = "{\"url\":\"" + receiverA.url() + "\",\"description\":\"" + "d".repeat(501) + "\"}";
        assertThat(call("POST", "/portal/api/endpoints", tooLong, token, 400).get("detail").asText()).contains("at most 500 characters");
        assertThat(call("PATCH", "/portal/api/endpoints/" + b.get("endpointA"), "{\"description\":\"" + "d".repeat(501) + "\"}", token, 400)
                .get("parameter").asText()).isEqualTo("description");
        call("PATCH", "/portal/api/endpoints/" + b.get("endpointA"), "{\"description\":\"" + "d".repeat(500) + "\"}", token, 200);
        // During a rotation's grace the endpoint says until when the previous secret signs (the page says so when it refuses another).
        assertThat(call("GET", "/portal/api/endpoints/" + b.get("endpointA"), null, token, 200).get("previousExpiresAt").isNull()).isTrue();
        JsonNode rotated = call("POST", "/portal/api/endpoints/" + b.get("endpointA") + "/secret/rotate", "{}", token, 200);
        assertThat(Instant.parse(call("GET", "/portal/api/endpoints/" + b.get("endpointA"), null, token, 200).get("previousExpiresAt").asText()))
                .isEqualTo(Instant.parse(rotated.get("previousExpiresAt").asText()).truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        JsonNode test = call("POST", "/portal/api/endpoints/" + b.get("endpointA") + "/test", null, token, 202);
        assertThat(test.get("eventType").asText()).isEqualTo("junction.test");
        await().atMost(WAIT).until(() -> receiverA.succeeded().stream().anyMatch(r -> test.get("id").asText().equals(r.header("webhook-id"))));
        Downstream.Received got = receiverA.succeeded().stream().filter(r -> test.get("id").asText().equals(r.header("webhook-id"))).findFirst().orElseThrow();
        String secret = call("GET", "/portal/api/endpoints/" + b.get("endpointA") + "/secret", null, token, 200).get("key").asText();
        assertThatCode(() -> new Webhook(secret).verify(got.bodyText(), got.headers())).doesNotThrowAnyException();
        assertThat(JSON.readTree(got.bodyText()).at("/data/endpointId").asText()).isEqualTo(b.get("endpointA"));
        assertThat(receiverB.arrived()).as("nothing more to B").isEqualTo(toB);
        // Test events are bounded (5 a minute an endpoint): a loop on the button neither grows the store nor sends on
        // without end. Twelve in a row cross at most one minute's edge, so at most ten are sent.
        List<HttpResponse<String>> answers = new ArrayList<>();
        for (int i = 0; i < 12; i++) answers.add(send(port, "POST", "/portal/api/endpoints/" + b.get("endpointA") + "/test", null, token));
        HttpResponse<String> limited = answers.stream().filter(r -> r.statusCode() == 429).findFirst().orElseThrow();
        assertThat(JSON.readTree(limited.body()).get("type").asText()).isEqualTo("/problems/rate-limited");
        assertThat(Integer.parseInt(limited.headers().firstValue("Retry-After").orElseThrow())).isBetween(1, 60);

        // Past its expiry the link opens nothing, though its signature is good.
        clock.advance(Duration.ofHours(2).plusSeconds(1));
        JsonNode expired = call("GET", "/portal/api/endpoints", null, token, 401);
        assertThat(expired.get("type").asText()).isEqualTo("/problems/expired-portal-token");
        assertThat(Instant.parse(expired.get("expiredAt").asText())).isEqualTo(Instant.parse(issued.get("expiresAt").asText()));
        assertThat(send(port, "GET", "/portal/api/app", null, token).headers().firstValue("WWW-Authenticate").orElse(""))
                .contains("invalid_token");
    }

    @Test
    void alteredForeignAndWrongKindTokensAreRefused() throws Exception {
        port = gateway("sqlite:" + dir + "/junction.db", Map.of(PortalKey.ENV, PORTAL_KEY)).port();
        Map<String, String> b = twoCustomers();
        String token = link("acme", null);
        String other = "/portal/api/endpoints/" + b.get("endpointB");

        // Signed with the configured key, a token for B made here opens B: the key is the one the environment gave.
        String forB = new PortalTokens(PORTAL_KEY.getBytes(StandardCharsets.UTF_8), clock).issue(b.get("appB"), Duration.ofMinutes(5)).token();
        call("GET", other, null, forB, 200);
        // Signed with any other key, it opens nothing.
        String foreign = new PortalTokens("another-key-entirely-0123456789abcdef".getBytes(StandardCharsets.UTF_8), clock)
                .issue(b.get("appB"), Duration.ofMinutes(5)).token();
        assertThat(call("GET", other, null, foreign, 401).get("type").asText()).isEqualTo("/problems/invalid-portal-token");

        // A's signature on B's payload, an altered signature, a cut token, garbage: refused alike.
        int dot = token.lastIndexOf('.');
        String swapped = forB.substring(0, forB.lastIndexOf('.')) + token.substring(dot);
        String flipped = token.substring(0, token.length() - 2) + (token.charAt(token.length() - 2) == 'A' ? 'B' : 'A') + token.charAt(token.length() - 1);
        for (String bad : List.of(swapped, flipped, token.substring(0, dot), token + "x", "jpt_", "jpt_.", "not-a-token")) {
            assertThat(call("GET", other, null, bad, 401).get("type").asText()).as(bad).isEqualTo("/problems/invalid-portal-token");
            call("GET", "/portal/api/endpoints", null, bad, 401);
        }

        // No token; the admin key is no portal token; a portal token is no admin key.
        HttpResponse<String> none = send(port, "GET", "/portal/api/endpoints", null, null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(none.body()).get("type").asText()).isEqualTo("/problems/missing-portal-token");
        assertThat(none.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(none.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer realm=\"junction-portal\"");
        // Told so, not that the link was "altered, cut short, or signed with another key".
        assertThat(call("GET", "/portal/api/endpoints", null, ADMIN_KEY, 401).get("detail").asText()).isEqualTo("This is not a portal"
                + " link's token (those start with jpt_): an API key opens /api/v1, not the portal's API. Make a link with POST"
                + " /api/v1/apps/{app}/portal-links.");
        assertThat(call("GET", other, null, flipped, 401).get("detail").asText()).startsWith("This portal link is not valid: it was altered");
        call("GET", "/api/v1/apps/acme/endpoints", null, token, 401);
        call("POST", "/api/v1/apps/acme/portal-links", null, token, 401);

        // A token whose application was deleted opens nothing either.
        call("GET", "/portal/api/app", null, token, 200);
        call("DELETE", "/api/v1/apps/acme", null, ADMIN_KEY, 204);
        call("GET", "/portal/api/app", null, token, 401);

        // Links are given out for 1m to 24h, 1h unless asked.
        JsonNode standard = call("POST", "/api/v1/apps/globex/portal-links", null, ADMIN_KEY, 201);
        assertThat(Duration.between(clock.instant(), Instant.parse(standard.get("expiresAt").asText()))).isBetween(
                Duration.ofMinutes(59), Duration.ofHours(1));
        assertThat(call("POST", "/api/v1/apps/globex/portal-links", "{\"expires_in\":\"25h\"}", ADMIN_KEY, 400).get("parameter").asText())
                .isEqualTo("expires_in");
        // Its examples are ones it takes (it suggested 500ms and 5s, below its own minimum).
        assertThat(call("POST", "/api/v1/apps/globex/portal-links", "{\"expires_in\":\"soon\"}", ADMIN_KEY, 400).get("detail").asText())
                .isEqualTo("'expires_in' must be a duration from 1m to 24h (use e.g. 30m, 1h, 24h), but was 'soon'");
        call("POST", "/api/v1/apps/nobody/portal-links", null, ADMIN_KEY, 404);
    }

    @Test
    void thePageIsServedWithItsSecurityHeadersAndAnswersAreNotCached() throws Exception {
        port = gateway("sqlite:" + dir + "/junction.db", Map.of()).port();
        twoCustomers();
        for (String path : List.of("/portal/", "/portal/assets/portal.js", "/portal/assets/api.js")) {
            HttpResponse<String> page = send(port, "GET", path, null, null);
            assertThat(page.statusCode()).as(path).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Security-Policy").orElse("")).as(path)
                    .contains("default-src 'self'").contains("frame-ancestors 'none'").doesNotContain("unsafe-inline");
            assertThat(page.headers().firstValue("X-Frame-Options")).as(path).contains("DENY");
            assertThat(page.headers().firstValue("Referrer-Policy")).as(path).contains("no-referrer");
            assertThat(page.headers().firstValue("X-Content-Type-Options")).as(path).contains("nosniff");
        }
        assertThat(send(port, "GET", "/portal/", null, null).body()).doesNotContain("<script>").contains("/portal/assets/portal.js");
        HttpResponse<String> answer = send(port, "GET", "/portal/api/endpoints", null, link("acme", null));
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Cache-Control")).contains("no-store");
    }

    @Test
    void aLinkGivenOutByOneNodeOpensOnAnotherThatSharesTheStore() throws Exception {
        String store = TestDatabases.freshPostgresSchema();
        Gateway first = gateway(store, Map.of());
        Gateway second = gateway(store, Map.of());
        port = first.port();
        call("POST", "/api/v1/apps", "{\"uid\":\"acme\"}", ADMIN_KEY, 201);
        call("POST", "/api/v1/apps/acme/endpoints", "{\"url\":\"" + receiverA.url() + "\"}", ADMIN_KEY, 201);
        String token = link("acme", "{\"expires_in\":\"30m\"}");
        assertThat(call(second.port(), "GET", "/portal/api/endpoints", null, token, 200).get("items")).hasSize(1);
        first.close();
        started.remove(first);
        // A node started later reads the same stored key.
        Gateway third = gateway(store, Map.of());
        assertThat(call(third.port(), "GET", "/portal/api/app", null, token, 200).get("uid").asText()).isEqualTo("acme");
    }

    private Endpoint storeEndpoint(String id) {
        return gateway.pipeline().store().endpoint(id).orElseThrow();
    }

}
