package dev.junction.server;

import com.stripe.net.Webhook;
import dev.junction.server.config.ConfigLoader;
import dev.junction.server.config.JunctionConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** Gateways on real sockets and real SQLite for tests, signed by Stripe's own SDK. */
public final class TestGateways {

    public static final String STRIPE_SECRET = "whsec_test_secret_for_junction";
    public static final String DESTINATION_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    /** The bootstrap admin key of gateways started by {@link #start}; {@link #get} and friends send it. */
    public static final String ADMIN_KEY = "jk_test_bootstrap_admin_key_0123456789abcdef";

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private TestGateways() {}

    /** The sample configuration, with a test downstream, short retries and a small body limit. */
    public static String yaml(Path dataDir, String downstreamUrl, int port, String extraDestination) {
        return """
                server: { host: 127.0.0.1, port: %d }
                store: { url: "sqlite:%s/junction.db" }
                sources:
                  stripe:
                    verify: { scheme: stripe, secrets: ["${STRIPE_WEBHOOK_SECRET}"], tolerance: 5m }
                    max-body: 64KiB
                destinations:
                  billing:
                    url: "%s"
                    timeout: 1s
                    secret: "%s"
                    retry: { max-attempts: 4, initial-delay: 50ms, max-delay: 2s }
                %s
                routes:
                  - from: stripe
                    to: [billing]
                delivery: { workers: 8, poll-interval: 200ms, lease: 4s }
                """.formatted(port, dataDir, downstreamUrl, DESTINATION_SECRET, extraDestination);
    }

    /** A gateway on real sockets whose admin API takes {@link #ADMIN_KEY} (from the environment it is given). */
    public static Gateway start(JunctionConfig config) {
        return Gateway.start(config, java.time.Clock.systemUTC(), GatewayUnderTest.ADMIN_ENV);
    }

    /** The start of a configuration: any free port on 127.0.0.1, SQLite in {@code dataDir}, a Stripe source; destinations and routes follow. */
    public static String stripeGateway(Path dataDir) {
        return """
                server: { host: 127.0.0.1, port: 0 }
                store: { url: "sqlite:%s/junction.db" }
                sources:
                  stripe:
                    verify: { scheme: stripe, secrets: ["${STRIPE_WEBHOOK_SECRET}"] }
                """.formatted(dataDir);
    }

    public static JunctionConfig config(String yaml) {
        return ConfigLoader.parse(yaml, "test.yaml", Map.of("STRIPE_WEBHOOK_SECRET", STRIPE_SECRET));
    }

    public static String stripeEvent(String id) {
        return "{\"id\":\"" + id + "\",\"object\":\"event\",\"type\":\"invoice.paid\",\"data\":{\"object\":{\"amount\":4200}}}";
    }

    /** A Stripe-Signature header made by stripe-java itself. */
    public static String stripeSignature(String payload, long timestamp) {
        try {
            String v1 = Webhook.Util.computeHmacSha256(STRIPE_SECRET, timestamp + "." + payload);
            return "t=" + timestamp + ",v1=" + v1;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static HttpResponse<String> post(int port, String source, String payload, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/in/" + source))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8));
        headers.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    public static HttpResponse<String> postStripe(int port, String payload) throws Exception {
        return post(port, "stripe", payload, Map.of("Stripe-Signature", stripeSignature(payload, System.currentTimeMillis() / 1000)));
    }

    /** GET with the admin key. */
    public static HttpResponse<String> get(int port, String path) throws Exception {
        return request(port, "GET", path, Map.of("Authorization", "Bearer " + ADMIN_KEY));
    }

    /** POST of a JSON body, with the admin key. */
    public static HttpResponse<String> postJson(int port, String path, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + ADMIN_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** POST without a body, with the admin key. */
    public static HttpResponse<String> postEmpty(int port, String path) throws Exception {
        return request(port, "POST", path, Map.of("Authorization", "Bearer " + ADMIN_KEY));
    }

    /** DELETE with the admin key. */
    public static HttpResponse<String> delete(int port, String path) throws Exception {
        return request(port, "DELETE", path, Map.of("Authorization", "Bearer " + ADMIN_KEY));
    }

    /** A request without a body and with exactly these headers (no key unless given). */
    public static HttpResponse<String> request(int port, String method, String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        headers.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
