package dev.junction.server.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.core.model.DeliveryState;
import dev.junction.core.retry.RetryPolicy;
import dev.junction.server.Gateway;
import dev.junction.server.auth.ApiKeys;
import dev.junction.server.config.ConfigLoader;
import dev.junction.server.config.JunctionConfig;
import dev.junction.store.ApiKey;
import dev.junction.store.StoreStats;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code junction demo outbound}: a publisher sends invoices to its customers' endpoints through Junction.
 * Acme's receiver fails a third of its requests, Globex rotates its secret halfway through, and Initech asks
 * for an address inside the network, which Junction refuses. Every message must reach Acme and Globex, every
 * signature must verify, and a retried publish (same Idempotency-Key) must not publish twice.
 */
public final class OutboundDemo {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final int messages;
    private final Path dataDir;
    private final Duration deadline;
    private final PrintStream out;
    private final Clock clock = Clock.systemUTC();
    private int port;
    private String key;

    public OutboundDemo(int messages, Path dataDir, Duration deadline, PrintStream out) {
        this.messages = messages;
        this.dataDir = dataDir;
        this.deadline = deadline;
        this.out = out;
    }

    /** Runs the demo; returns the process exit code: 0 only if every message reached both customers, verified. */
    public int run() throws Exception {
        long started = System.nanoTime();
        JunctionConfig config = ConfigLoader.parse("""
                server: { host: 127.0.0.1, port: 0 }
                store: { url: "sqlite:%s/outbound.db" }
                delivery: { workers: 32, poll-interval: 250ms }
                outbound: { allow-networks: ["127.0.0.0/8"] }
                """.formatted(dataDir), "outbound-demo.yaml", Map.of());
        try (CustomerReceiver acme = new CustomerReceiver(clock, n -> n % 3 == 0);
             CustomerReceiver globex = new CustomerReceiver(clock, n -> false);
             Gateway gateway = Gateway.start(config, clock, Map.of())) {
            // Short delays so the demo ends in seconds, as in the push demo; production retries run from 1 s to 1 h.
            gateway.pipeline().endpoints().retryPolicy(new RetryPolicy(6, Duration.ofMillis(200), Duration.ofSeconds(2), 2.0));
            port = gateway.port();
            key = ApiKeys.issue(gateway.pipeline().store(), "outbound-demo", ApiKey.Role.ADMIN, clock.instant(), new SecureRandom()).key();
            out.printf("%nOutbound demo: %d invoices published to three customers' endpoints through Junction%n", messages);

            String acmeEndpoint = customer("acme", acme.url(), acme);
            String globexEndpoint = customer("globex", globex.url(), globex);
            call("POST", "/api/v1/apps", "{\"uid\":\"initech\"}", null);
            HttpResponse<String> refused = call("POST", "/api/v1/apps/initech/endpoints", "{\"url\":\"http://10.0.0.7/webhooks\"}", null);
            out.printf("  initech asks for http://10.0.0.7/webhooks: %d %s%n", refused.statusCode(), JSON.readTree(refused.body()).get("detail").asText());

            Set<String> published = new HashSet<>();
            int replayedAnswers = 0;
            for (int i = 1; i <= messages; i++) {
                for (String app : List.of("acme", "globex")) {
                    String body = "{\"event_type\":\"invoice.paid\",\"payload\":{\"invoice\":\"in_" + i + "\",\"amount\":" + (100 * i) + "}}";
                    String idempotencyKey = "\"" + app + "-in_" + i + "\"";
                    HttpResponse<String> r = call("POST", "/api/v1/apps/" + app + "/messages", body, idempotencyKey);
                    if (r.statusCode() != 202) throw new IllegalStateException("publish answered " + r.statusCode() + ": " + r.body());
                    published.add(JSON.readTree(r.body()).get("id").asText());
                    if (i % 10 == 0 && call("POST", "/api/v1/apps/" + app + "/messages", body, idempotencyKey)
                            .headers().firstValue("Idempotent-Replayed").isPresent()) {
                        replayedAnswers++; // the publisher retried (say, after a timeout): same answer, nothing new
                    }
                }
                if (i == messages / 2) {
                    JsonNode rotated = JSON.readTree(call("POST", "/api/v1/apps/globex/endpoints/" + globexEndpoint + "/secret/rotate",
                            "{\"grace\":\"1h\"}", null).body());
                    globex.useSecret(rotated.get("key").asText());
                    out.printf("  globex rotated its secret after %d invoices; deliveries carry both signatures for an hour%n", i);
                }
            }
            boolean settled = Demo.awaitSettled(gateway, deadline);
            StoreStats stats = gateway.pipeline().store().stats();
            out.printf("%nOutbound report%n");
            out.printf("  published                 %6d   (%d retried publishes answered from the Idempotency-Key, not published again)%n",
                    published.size(), replayedAnswers);
            out.printf("  acme received             %6d   of %d, after %d answers of 503 on purpose (retried)%n", acme.delivered.size(),
                    messages, acme.refusedOnPurpose.get());
            out.printf("  globex received           %6d   of %d, verified with its new key after the rotation%n", globex.delivered.size(), messages);
            out.printf("  bad signatures            %6d%n", acme.badSignatures.get() + globex.badSignatures.get());
            out.printf("  delivered / dead          %6d / %d%n", stats.deliveries(DeliveryState.SUCCEEDED), stats.deliveries(DeliveryState.DEAD));
            double seconds = (System.nanoTime() - started) / 1e9;
            boolean ok = settled && refused.statusCode() == 422 && published.size() == 2 * messages && acme.delivered.size() == messages
                    && globex.delivered.size() == messages && acme.badSignatures.get() + globex.badSignatures.get() == 0
                    && replayedAnswers == 2 * (messages / 10);
            out.printf(ok ? "%nOK: every invoice reached Acme and Globex, signed and verified, in %.1f s%n"
                    : "%nFAILED: not every invoice reached both customers verified (%.1f s)%n", seconds);
            return ok ? 0 : 1;
        }
    }

    /** Creates a customer with one endpoint; the receiver learns the endpoint's secret. */
    private String customer(String uid, String url, CustomerReceiver receiver) throws Exception {
        call("POST", "/api/v1/apps", "{\"uid\":\"" + uid + "\"}", null);
        String endpoint = JSON.readTree(call("POST", "/api/v1/apps/" + uid + "/endpoints", "{\"url\":\"" + url + "\"}", null).body())
                .get("id").asText();
        receiver.useSecret(JSON.readTree(call("GET", "/api/v1/apps/" + uid + "/endpoints/" + endpoint + "/secret", null, null).body())
                .get("key").asText());
        out.printf("  %s: endpoint %s at %s%n", uid, endpoint, url);
        return endpoint;
    }

    private HttpResponse<String> call(String method, String path, String body, String idempotencyKey) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) b.header("Idempotency-Key", idempotencyKey);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

}
