package dev.junction.server.demo;

import dev.junction.server.Gateway;
import dev.junction.server.config.ConfigLoader;
import dev.junction.server.config.JunctionConfig;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The training run behind the start-up cache ({@code junction train}, run by the {@code junction} launcher
 * under {@code -XX:AOTCacheOutput} or {@code -XX:ArchiveClassesAtExit}): the work a gateway does in its
 * first seconds, done once so that the JVM can keep the classes it loaded, linked and profiled. It goes the
 * way {@code junction serve} goes (a YAML file through the config loader, the HTTP server, signature checks,
 * the durable commit, deliveries, the admin API, the dashboard, {@code /metrics}), so that what the cache
 * holds is what a real start needs.
 */
public final class Training {

    private static final String ADMIN_KEY = "jk_training_only_" + Long.toHexString(System.nanoTime()) + "_0123456789abcdef";

    private final int events;
    private final Path dataDir;
    private final PrintStream out;
    private final Clock clock = Clock.systemUTC();

    public Training(int events, Path dataDir, PrintStream out) {
        this.events = events;
        this.dataDir = dataDir;
        this.out = out;
    }

    /** Runs the workload; 0 when every accepted event was delivered. */
    public int run() throws Exception {
        String stripeSecret = "whsec_training";
        String destinationSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        long started = System.nanoTime();
        try (FlakyDownstream downstream = new FlakyDownstream(destinationSecret, clock, Duration.ofSeconds(2))) {
            downstream.heal();
            JunctionConfig config = ConfigLoader.parse(yaml(downstream.url(), destinationSecret), "training.yaml",
                    Map.of("TRAINING_STRIPE_SECRET", stripeSecret));
            try (Gateway gateway = Gateway.start(config, clock, Map.of("JUNCTION_ADMIN_KEY", ADMIN_KEY))) {
                String base = "http://127.0.0.1:" + gateway.port();
                SimulatedProvider provider = new SimulatedProvider(base + "/in/stripe", stripeSecret, clock);
                provider.sendAll(events, 32);
                boolean settled = Demo.awaitSettled(gateway, Duration.ofSeconds(60));
                readAdminApi(base);
                downstream.delivered().retainAll(provider.acceptedIds);
                out.printf("training: %d events sent, %d accepted, %d delivered in %.1f s%n", provider.sent.get(),
                        provider.acceptedIds.size(), downstream.delivered().size(), (System.nanoTime() - started) / 1e9);
                return settled && downstream.delivered().size() == provider.acceptedIds.size() ? 0 : 1;
            }
        }
    }

    private String yaml(String downstreamUrl, String destinationSecret) {
        return """
                server: { host: 127.0.0.1, port: 0 }
                store: { url: "sqlite:%s/junction.db" }
                sources:
                  stripe:
                    verify: { scheme: stripe, secrets: ["${TRAINING_STRIPE_SECRET}"], tolerance: 5m }
                destinations:
                  billing:
                    url: "%s"
                    timeout: 5s
                    secret: "%s"
                    retry: { max-attempts: 3, initial-delay: 100ms, max-delay: 1s }
                routes:
                  - from: stripe
                    to: [billing]
                """.formatted(dataDir, downstreamUrl, destinationSecret);
    }


    /** The reads an operator's first minutes make: the dashboard, its API calls, the metrics scrape. */
    private static void readAdminApi(String base) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String path : List.of("/", "/dashboard/app.js", "/api/v1/stats?window=15m", "/api/v1/messages?limit=20", "/api/v1/destinations",
                "/api/v1/sources", "/api/v1/dead-letters", "/metrics", "/health/ready")) {
            http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + ADMIN_KEY).build(),
                    HttpResponse.BodyHandlers.discarding());
        }
    }
}
