package dev.junction.bench;

import dev.junction.core.config.DestinationSpec;
import dev.junction.core.config.GuardSpec;
import dev.junction.core.config.OutboundSpec;
import dev.junction.core.model.Ids;
import dev.junction.core.net.Cidr;
import dev.junction.server.Gateway;
import dev.junction.server.config.JunctionConfig;
import dev.junction.store.App;
import dev.junction.store.Endpoint;
import dev.junction.store.OutboundApps;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Outbound webhooks, per store: a gateway whose applications' endpoints all point at the sink (distinct paths,
 * always 200). First a few applications created through the admin API, published to in a closed loop (publish
 * acknowledgements/s, the fan-out deliveries/s that reached the sink, ack latency); then thousands more
 * endpoints, some disabled, written straight into the gateway's store, and the same load spread over every
 * application. The JVM's heap (after a GC) and the dispatcher's active endpoints are read after each.
 */
final class OutboundPhase {

    /** Opens 127.0.0.0/8 to the SSRF guard: the sink is local. */
    static final OutboundSpec OUTBOUND = new OutboundSpec(List.of(Cidr.parse("127.0.0.0/8")), false, false,
            OutboundSpec.DEFAULT_IDEMPOTENCY_TTL);
    private static final String ADMIN_KEY = "bench-admin-key-0123456789abcdef0123456789abcdef";

    /** @param disabledEvery one endpoint disabled in every n-th application of the scale step */
    record Counts(int apps, int endpointsPerApp, int scaleApps, int disabledEvery) {
        static final Counts FULL = new Counts(1, 10, 1000, 3);
        static final Counts SMOKE = new Counts(2, 3, 20, 3);
    }

    /**
     * @param deliveredDuringLoad sink 200s between the start and the end of the measured load
     * @param expectedDeliveries  the fan-out the 202s announced (warm-up excluded)
     * @param delivered           sink 200s for the measured load once the wait after it ended
     * @param catchUpSeconds      from the end of the load until the sink had them all (or the wait gave up)
     */
    record Step(int apps, int endpoints, int disabled, double setupSeconds, LoadGenerator.Result publish,
                long expectedDeliveries, long deliveredDuringLoad, double deliveriesPerSecond, long delivered,
                double catchUpSeconds, long heapUsedBytes, int activeEndpoints, SystemProbe.Usage usage) {}

    record Run(String engine, Step base, Step scale, String failed) {}

    private final BenchOptions options;
    private final Counts counts;
    private final PrintStream log;

    private OutboundPhase(BenchOptions options, PrintStream log) {
        this.options = options;
        this.counts = options.smoke() ? Counts.SMOKE : Counts.FULL;
        this.log = log;
    }

    static List<Run> run(BenchOptions options, List<String> stores, Path sqliteRoot, PrintStream log, List<String> problems) {
        if (!options.runs("outbound")) return List.of();
        OutboundPhase phase = new OutboundPhase(options, log);
        Counts c = phase.counts;
        log.printf("Outbound webhooks: %d apps x %d endpoints, then %,d x %d (one disabled in 1 of %d apps), %d publishers%n",
                c.apps(), c.endpointsPerApp(), c.scaleApps(), c.endpointsPerApp(), c.disabledEvery(), options.concurrency());
        List<Run> runs = new ArrayList<>();
        for (String engine : stores) {
            try (Target t = engine.equals(Target.SQLITE) ? Target.sqlite(sqliteRoot, "outbound") : Target.postgres(options.pgUrl(), "outbound")) {
                Run r = phase.measure(engine, t);
                runs.add(r);
                if (r.base().publish().accepted() == 0 || r.scale().publish().accepted() == 0) {
                    problems.add("outbound, " + engine + ": nothing accepted (" + r.base().publish().firstError() + ")");
                } else if (r.base().deliveredDuringLoad() == 0) {
                    problems.add("outbound, " + engine + ": nothing delivered");
                }
            } catch (Exception e) {
                problems.add("outbound, " + engine + ": " + e);
                e.printStackTrace(log);
                runs.add(new Run(engine, null, null, String.valueOf(e)));
            }
        }
        return runs;
    }

    private Run measure(String engine, Target target) throws Exception {
        try (Sink sink = new Sink(0, 42); Gateway gateway = Gateway.start(config(target, sink), Clock.systemUTC(), Map.of("JUNCTION_ADMIN_KEY", ADMIN_KEY));
             Publisher publisher = new Publisher(gateway.port(), ADMIN_KEY, new Payloads("out" + engine.charAt(0)))) {
            long started = System.nanoTime();
            List<String> apps = new ArrayList<>();
            for (int a = 0; a < counts.apps(); a++) apps.add(createThroughApi(gateway.port(), sink, a));
            Step base = load(gateway, sink, publisher, apps, 0, (System.nanoTime() - started) / 1e9);
            log.printf("  %s, %,d endpoints: %s%n", engine, base.endpoints(), line(base));

            started = System.nanoTime();
            int disabled = createInStore(gateway.pipeline().store(), sink, apps);
            Step scale = load(gateway, sink, publisher, apps, disabled, (System.nanoTime() - started) / 1e9);
            log.printf("  %s, %,d endpoints (%d disabled, created in %.1f s): %s%n", engine, scale.endpoints(), disabled,
                    scale.setupSeconds(), line(scale));
            return new Run(engine, base, scale, null);
        }
    }

    private static String line(Step s) {
        return String.format("%,.0f publishes/s (p50 %.2f ms, p99 %.2f ms), %,.0f deliveries/s; %,d of %,d delivered %.1f s after; "
                        + "heap %,d MiB, %,d active endpoints", s.publish().acceptedPerSecond(), s.publish().latency().p50(),
                s.publish().latency().p99(), s.deliveriesPerSecond(), s.delivered(), s.expectedDeliveries(), s.catchUpSeconds(),
                s.heapUsedBytes() >> 20, s.activeEndpoints());
    }

    /** A warm-up, a wait for its deliveries, then the measured closed loop and the wait for its deliveries. */
    private Step load(Gateway gateway, Sink sink, Publisher publisher, List<String> apps, int disabled, double setupSeconds) throws Exception {
        long warmFrom = sink.successes.get();
        Publisher.Result warm = publisher.closedLoop(options.concurrency(), options.warmup(), apps);
        awaitDeliveries(sink, warmFrom, warm.deliveries());
        long before = sink.successes.get();
        SystemProbe.Snapshot cpu = SystemProbe.snapshot();
        Publisher.Result r = publisher.closedLoop(options.concurrency(), options.duration(), apps);
        long during = sink.successes.get() - before;
        SystemProbe.Usage usage = SystemProbe.since(cpu);
        long loadEnded = System.nanoTime();
        long delivered = awaitDeliveries(sink, before, r.deliveries()) - before;
        double catchUp = (System.nanoTime() - loadEnded) / 1e9;
        int active = gateway.pipeline().dispatcher().activeEndpoints();
        int endpoints = apps.size() * counts.endpointsPerApp();
        return new Step(apps.size(), endpoints, disabled, StorePhases.round3(setupSeconds), r.load(), r.deliveries(), during,
                during / r.load().seconds(), delivered, StorePhases.round3(catchUp), heapAfterGc(), active, usage);
    }

    /** Waits (at most the drain deadline) until the sink has {@code expected} more 200s than {@code from}; the count it reached. */
    private long awaitDeliveries(Sink sink, long from, long expected) throws InterruptedException {
        long until = System.nanoTime() + options.drainDeadline().toNanos();
        long now;
        while ((now = sink.successes.get()) - from < expected && System.nanoTime() < until) TimeUnit.MILLISECONDS.sleep(10);
        return now;
    }

    private static long heapAfterGc() {
        var memory = ManagementFactory.getMemoryMXBean();
        memory.gc();
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** One application and its endpoints through the admin API, as a user would; its uid. */
    private String createThroughApi(int port, Sink sink, int a) throws Exception {
        String uid = "app-" + a;
        HttpClient http = HttpClient.newHttpClient();
        post(http, port, "/api/v1/apps", "{\"uid\":\"" + uid + "\"}");
        for (int e = 0; e < counts.endpointsPerApp(); e++) {
            post(http, port, "/api/v1/apps/" + uid + "/endpoints", "{\"url\":\"" + endpointUrl(sink, a, e) + "\"}");
        }
        return uid;
    }

    private static void post(HttpClient http, int port, String path, String json) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + ADMIN_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) throw new IllegalStateException("POST " + path + ": HTTP " + r.statusCode() + " " + r.body());
    }

    /**
     * The scale step's applications, written straight into the store (one transaction each, as the API does):
     * up to {@code scaleApps} in all, one endpoint disabled in every {@code disabledEvery}-th. Adds their uids to
     * {@code apps}; returns how many endpoints are disabled.
     */
    private int createInStore(OutboundApps store, Sink sink, List<String> apps) {
        Instant now = Instant.now();
        SecureRandom random = new SecureRandom();
        Ids ids = new Ids(Clock.systemUTC(), random);
        int disabled = 0;
        for (int a = apps.size(); a < counts.scaleApps(); a++) {
            String uid = "app-" + a;
            String appId = ids.next("app");
            store.createApp(new App(appId, uid, uid, now));
            for (int e = 0; e < counts.endpointsPerApp(); e++) {
                boolean off = e == 0 && a % counts.disabledEvery() == 0;
                if (off) disabled++;
                store.createEndpoint(new Endpoint(ids.next("ep"), appId, endpointUrl(sink, a, e), null, null, null, Map.of(),
                        0, off, secret(random),
                        null, null, now, now));
            }
            apps.add(uid);
        }
        return disabled;
    }

    /** As the admin API makes them: whsec_ and 32 random bytes. */
    private static String secret(SecureRandom random) {
        byte[] key = new byte[32];
        random.nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    private static String endpointUrl(Sink sink, int app, int endpoint) {
        return sink.url() + "/app-" + app + "/ep-" + endpoint;
    }

    /**
     * No sources or routes. One configured destination (the sink, never routed to) because a gateway with none does
     * not start: Senders copies an empty map of senders into an EnumMap, which throws.
     */
    private static JunctionConfig config(Target target, Sink sink) {
        Map<String, DestinationSpec> unused = Map.of(RawInsert.DESTINATION, new DestinationSpec(RawInsert.DESTINATION, sink.url(),
                Duration.ofSeconds(5), StorePhases.RETRY, Payloads.DESTINATION_SECRET, Map.of(), GuardSpec.DEFAULT));
        return new JunctionConfig(new JunctionConfig.Server("127.0.0.1", 0), new JunctionConfig.Store(target.storeUrl(), null, null),
                Map.of(), unused, List.of(), new JunctionConfig.Delivery(StorePhases.WORKERS, StorePhases.POLL_INTERVAL, null),
                JunctionConfig.Retention.DEFAULT, null, OUTBOUND);
    }

    static String markdown(List<Run> runs, boolean smoke) {
        StringBuilder b = new StringBuilder("\n## Outbound webhooks\n\n");
        if (runs == null || runs.isEmpty()) return b.append("Not run.\n").toString();
        Counts c = smoke ? Counts.SMOKE : Counts.FULL;
        b.append(String.format("A gateway with `outbound.allow-networks: [127.0.0.0/8]` whose endpoints all point at the sink (distinct "
                + "paths, 200 at once). First %d applications x %d endpoints created through the admin API; then %,d applications x %d "
                + "endpoints, the rest written straight into the store, one endpoint disabled in 1 application of %d. Each step: a "
                + "closed loop of publishers (`POST /api/v1/apps/{app}/messages`, `%s`, 1 KiB payload, the applications in turn) "
                + "after a warm-up; publishes/s are 202s per second, latency is the 202's; deliveries/s are the sink's 200s during the "
                + "load, and the catch-up is how long after the load the sink had every delivery the 202s announced. Heap is the "
                + "whole benchmark JVM's after a GC; active endpoints are the dispatcher's (an endpoint is active once a delivery to it "
                + "was claimed, until 5 idle minutes).%n%n", c.apps(), c.endpointsPerApp(), c.scaleApps(), c.endpointsPerApp(),
                c.disabledEvery(), Publisher.EVENT_TYPE));
        b.append("| store | endpoints (disabled) | setup s | publishes/s | ack p50 / p99 ms | deliveries/s during load | delivered / announced | catch-up s | heap after GC | active endpoints | machine CPU |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Run r : runs) {
            String store = Report.storeName(r.engine());
            if (r.failed() != null) {
                b.append("| ").append(store).append(" | FAILED: ").append(r.failed()).append(" | | | | | | | | | |\n");
                continue;
            }
            for (Step s : List.of(r.base(), r.scale())) {
                b.append(String.format("| %s | %,d (%d) | %.1f | %,.0f | %.2f / %.2f | %,.0f | %,d / %,d | %.1f | %,d MiB | %,d | %.0f%% |%n", store,
                        s.endpoints(), s.disabled(), s.setupSeconds(), s.publish().acceptedPerSecond(), s.publish().latency().p50(),
                        s.publish().latency().p99(), s.deliveriesPerSecond(), s.delivered(), s.expectedDeliveries(), s.catchUpSeconds(),
                        s.heapUsedBytes() >> 20, s.activeEndpoints(), s.usage().machineCpuBusyPercent()));
            }
        }
        return b.toString();
    }
}
