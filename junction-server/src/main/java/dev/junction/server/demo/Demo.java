package dev.junction.server.demo;

import dev.junction.core.config.DedupeSpec;
import dev.junction.core.config.DestinationSpec;
import dev.junction.core.config.GuardSpec;
import dev.junction.core.config.RouteSpec;
import dev.junction.core.config.SourceSpec;
import dev.junction.core.config.VerifySpec;
import dev.junction.core.model.DeliveryState;
import dev.junction.core.retry.RetryPolicy;
import dev.junction.server.Gateway;
import dev.junction.server.auth.ApiKeys;
import dev.junction.store.ApiKey;
import dev.junction.server.config.JunctionConfig;
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
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code junction demo}: a gateway on a fresh SQLite store, a simulated Stripe sending signed events
 * (with duplicates, forged signatures and stale timestamps) and a downstream that fails on purpose;
 * then a report, a replay of the dead letters against the healed downstream, and a check that every
 * accepted event was delivered.
 */
public final class Demo {

    /** Parameters of a run. */
    public record Settings(int events, int concurrency, Path dataDir, Duration deadline) {}

    /** Short delays so the demo ends in seconds; production defaults are 8 attempts from 1 s to 1 h. */
    private static final RetryPolicy RETRY = new RetryPolicy(5, Duration.ofMillis(200), Duration.ofSeconds(2), 2.0);

    private final Settings settings;
    private final PrintStream out;
    private final Clock clock = Clock.systemUTC();

    public Demo(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    /** Runs the demo; returns the process exit code: 0 only if every accepted event was delivered. */
    public int run() throws Exception {
        long started = System.nanoTime();
        SecureRandom random = new SecureRandom();
        String stripeSecret = "whsec_demo" + Long.toHexString(random.nextLong());
        byte[] key = new byte[24];
        random.nextBytes(key);
        String destinationSecret = "whsec_" + Base64.getEncoder().encodeToString(key);
        Duration timeout = Duration.ofMillis(800);
        RetryPolicy retry = RETRY;

        try (FlakyDownstream downstream = new FlakyDownstream(destinationSecret, clock, timeout.multipliedBy(2))) {
            JunctionConfig config = config(stripeSecret, destinationSecret, downstream.url(), timeout, retry);
            out.printf("Junction demo: %d Stripe-signed events into a gateway on SQLite (%s)%n", settings.events(),
                    settings.dataDir());
            out.printf("  downstream %s fails on purpose: 500s, timeouts, 429 + Retry-After, 422s and a few that never recover%n",
                    downstream.url());
            // The environment's JUNCTION_* settings are the operator's, not the demo's: it mints its own key.
            try (Gateway gateway = Gateway.start(config, clock, Map.of())) {
                String adminKey = ApiKeys.issue(gateway.pipeline().store(), "demo", ApiKey.Role.ADMIN, clock.instant(), random).key();
                String ingestUrl = "http://127.0.0.1:" + gateway.port() + "/in/stripe";
                SimulatedProvider provider = new SimulatedProvider(ingestUrl, stripeSecret, clock);
                Thread progress = Thread.ofVirtual().start(() -> progress(gateway, provider, downstream));
                provider.sendAll(settings.events(), settings.concurrency());
                boolean settled = awaitSettled(gateway, settings.deadline());
                progress.interrupt();
                progress.join();
                StoreStats stats = gateway.pipeline().store().stats();
                report(gateway, provider, downstream, stats, settled);

                long dead = stats.deliveries(DeliveryState.DEAD);
                downstream.heal();
                out.printf("%nHealing the downstream and replaying %d dead letter(s) through POST /api/v1/destinations/billing/dead-letters/replay"
                        + " (with an admin key minted for this run)%n", dead);
                int replayed = replayAll(gateway.port(), adminKey);
                boolean settledAgain = awaitSettled(gateway, settings.deadline());
                StoreStats after = gateway.pipeline().store().stats();
                out.printf("  replayed %d, now delivered %d, dead %d, pending %d%n", replayed,
                        after.deliveries(DeliveryState.SUCCEEDED), after.deliveries(DeliveryState.DEAD),
                        after.deliveries(DeliveryState.PENDING) + after.deliveries(DeliveryState.IN_FLIGHT));

                Set<String> missing = new HashSet<>(provider.acceptedIds);
                missing.removeAll(downstream.delivered());
                double seconds = (System.nanoTime() - started) / 1e9;
                if (missing.isEmpty() && settled && settledAgain && provider.transportErrors.get() == 0) {
                    out.printf("%nOK: all %d accepted events reached the downstream (%d delivered more than once, which webhook-id lets it dedupe) in %.1f s%n",
                            provider.acceptedIds.size(), downstream.duplicateDeliveries(), seconds);
                    return 0;
                }
                out.printf("%nFAILED: %d of %d accepted events never reached the downstream (%d transport errors) after %.1f s%n",
                        missing.size(), provider.acceptedIds.size(), provider.transportErrors.get(), seconds);
                return 1;
            }
        }
    }

    private JunctionConfig config(String stripeSecret, String destinationSecret, String url, Duration timeout, RetryPolicy retry) {
        Map<String, SourceSpec> sources = new LinkedHashMap<>();
        sources.put("stripe", new SourceSpec("stripe", new VerifySpec("stripe", List.of(stripeSecret), Duration.ofMinutes(5), null),
                DedupeSpec.DEFAULT, SourceSpec.DEFAULT_MAX_BODY_BYTES));
        Map<String, DestinationSpec> destinations = new LinkedHashMap<>();
        // The downstream fails a third of first tries on purpose; a breaker tuned for production (50%, 30 s open)
        // would hold everything for longer than the demo runs, so it trips only on a near-total outage here.
        GuardSpec guard = new GuardSpec(32, 0, new GuardSpec.Breaker(80, 20, 40, Duration.ofSeconds(2), 3));
        destinations.put("billing", new DestinationSpec("billing", URI.create(url), timeout, retry, destinationSecret, Map.of(), guard));
        return new JunctionConfig(new JunctionConfig.Server("127.0.0.1", 0),
                new JunctionConfig.Store("sqlite:" + settings.dataDir().resolve("junction.db"), null, null),
                sources, destinations, List.of(new RouteSpec("stripe", List.of("billing"))),
                new JunctionConfig.Delivery(32, Duration.ofMillis(250), null));
    }

    /** Waits until nothing is pending or in flight, at most {@code deadline}; false if it never settled. */
    static boolean awaitSettled(Gateway gateway, Duration deadline) throws InterruptedException {
        Instant until = Instant.now().plus(deadline);
        while (Instant.now().isBefore(until)) {
            StoreStats s = gateway.pipeline().store().stats();
            if (s.deliveries(DeliveryState.PENDING) + s.deliveries(DeliveryState.IN_FLIGHT) == 0) return true;
            Thread.sleep(100);
        }
        return false;
    }

    private void progress(Gateway gateway, SimulatedProvider provider, FlakyDownstream downstream) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(1000);
                StoreStats s = gateway.pipeline().store().stats();
                out.printf("  ... sent %d, accepted %d, delivered %d, retrying %d, dead %d%n", provider.sent.get(),
                        provider.answered(202), s.deliveries(DeliveryState.SUCCEEDED),
                        s.deliveries(DeliveryState.PENDING) + s.deliveries(DeliveryState.IN_FLIGHT), s.deliveries(DeliveryState.DEAD));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void report(Gateway gateway, SimulatedProvider provider, FlakyDownstream downstream, StoreStats stats, boolean settled) {
        Map<String, Long> rejected = gateway.pipeline().ingestor().rejections().byReason();
        long accepted = provider.answered(202);
        out.printf("%nReport%n");
        out.printf("  sent by the provider      %6d%n", provider.sent.get());
        out.printf("  accepted (202)            %6d%n", accepted);
        out.printf("  duplicates (200)          %6d   same Stripe event id sent again: stored once%n", provider.answered(200));
        out.printf("  rejected (401)            %6d   %s%n", provider.answered(401), rejected);
        out.printf("  delivered                 %6d%n", stats.deliveries(DeliveryState.SUCCEEDED));
        out.printf("  attempts                  %6d   of which retries %d (500s, timeouts, 429 with Retry-After)%n",
                stats.attempts(), stats.attempts() - accepted);
        out.printf("  dead-lettered             %6d   422 at once, or 503 on all %d attempts%n",
                stats.deliveries(DeliveryState.DEAD), RETRY.maxAttempts());
        out.printf("  downstream saw            %6d   requests, %d with a bad webhook-signature%n", downstream.received(),
                downstream.badSignatures());
        if (!settled) out.printf("  NOT SETTLED within %s%n", settings.deadline());
    }

    private static int replayAll(int port, String adminKey) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/destinations/billing/dead-letters/replay"))
                .header("Authorization", "Bearer " + adminKey)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202) throw new IllegalStateException("replay answered " + response.statusCode() + ": " + response.body());
        return Integer.parseInt(response.body().replaceAll(".*\"replayed\"\\s*:\\s*(\\d+).*", "$1"));
    }
}
