package dev.junction.bench;

import dev.junction.bench.StoreResults.DrainPhase;
import dev.junction.bench.StoreResults.IngestPhase;
import dev.junction.bench.StoreResults.OpenLoopPhase;
import dev.junction.bench.StoreResults.StoreRun;
import dev.junction.core.config.DedupeSpec;
import dev.junction.core.config.DestinationSpec;
import dev.junction.core.config.RouteSpec;
import dev.junction.core.config.SourceSpec;
import dev.junction.core.config.VerifySpec;
import dev.junction.core.retry.RetryPolicy;
import dev.junction.server.Gateway;
import dev.junction.server.config.JunctionConfig;
import dev.junction.store.jdbc.Stores;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.HdrHistogram.Histogram;

/**
 * Every phase measured on one store, each on a fresh store (a new SQLite file or PostgreSQL schema):
 * the raw durable-insert ceiling, ingest throughput (closed loop), acknowledgement and end-to-end latency
 * at a fraction of that throughput (open loop), and delivery throughput draining a backlog, with and
 * without transient downstream failures.
 */
final class StorePhases {

    /** Dispatcher settings as a gateway gets them by default (ConfigLoader: workers, poll 1 s). */
    static final int WORKERS = dev.junction.server.config.ConfigLoader.DEFAULT_WORKERS;
    static final Duration POLL_INTERVAL = Duration.ofSeconds(1);
    /** Short retries so a failing phase drains in seconds: 10 ms initial delay, full jitter, at most 10 tries. */
    static final RetryPolicy RETRY = new RetryPolicy(10, Duration.ofMillis(10), Duration.ofMillis(500), 2.0);

    private final BenchOptions options;
    private final String engine;
    private final Function<String, Target> targets;
    private final PrintStream log;
    private final List<String> problems = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    StorePhases(BenchOptions options, String engine, Path sqliteRoot, PrintStream log) {
        this.options = options;
        this.engine = engine;
        this.targets = engine.equals(Target.SQLITE)
                ? phase -> Target.sqlite(sqliteRoot, phase)
                : phase -> Target.postgres(options.pgUrl(), phase);
        this.log = log;
    }

    StoreRun run() {
        long started = System.nanoTime();
        String version = null;
        String where = null;
        RawInsert.Result batched = null, single = null;
        IngestPhase ingest = null, ingestAlone = null;
        OpenLoopPhase openLoop = null;
        DrainPhase clean = null, failing = null;

        if (options.runs("raw")) try (Target t = targets.apply("raw50")) {
            where = engine.equals(Target.SQLITE) ? Path.of(t.where()).getParent().getParent().toString() : options.pgUrl().replaceAll("password=[^&]*", "password=***");
            batched = RawInsert.run(t, 50, options.rawDuration(), 5_000_000, new Payloads(tag()));
            try (Connection c = RawInsert.connect(t)) {
                version = RawInsert.scalar(c, engine.equals(Target.SQLITE) ? "SELECT sqlite_version()" : "SHOW server_version");
            }
            log.printf("  raw durable insert, 50 events/commit: %,.0f events/s (commit %.2f ms; %s)%n",
                    batched.eventsPerSecond(), batched.commitMsMean(), batched.durability());
        } catch (Exception e) {
            fail("raw insert (50/commit)", e);
        }
        if (options.runs("raw")) try (Target t = targets.apply("raw1")) {
            single = RawInsert.run(t, 1, options.rawSingleDuration(), 5_000_000, new Payloads(tag()));
            log.printf("  raw durable insert, 1 event/commit:   %,.0f events/s (commit %.2f ms)%n",
                    single.eventsPerSecond(), single.commitMsMean());
        } catch (Exception e) {
            fail("raw insert (1/commit)", e);
        }
        if (options.runs("ingest")) try {
            ingest = ingest(false);
        } catch (Exception e) {
            fail("ingest throughput", e);
        }
        if (options.runs("ingest")) try {
            ingestAlone = ingest(true);
        } catch (Exception e) {
            fail("ingest throughput, destination paused", e);
        }
        if (!options.runs("openloop")) {
            // not asked for
        } else if (options.rate() != null || ingest != null && ingest.load().acceptedPerSecond() > 0) {
            try {
                openLoop = openLoop(options.rate() != null ? options.rate() : ingest.load().acceptedPerSecond() * options.loadFraction());
            } catch (Exception e) {
                fail("open-loop latency", e);
            }
        } else {
            problems.add("open-loop latency: skipped, no ingest throughput measured (run the ingest phase too, or give --rate)");
        }
        long backlog = options.backlog();
        if (options.runs("drain")) try {
            clean = drain(0.0, backlog);
        } catch (Exception e) {
            fail("delivery drain (no failures)", e);
        }
        if (options.runs("drain")) try {
            failing = drain(options.failureRate(), backlog);
        } catch (Exception e) {
            fail("delivery drain (" + Math.round(options.failureRate() * 100) + "% 503)", e);
        }
        return new StoreRun(engine, version, where, batched, single, ingest, openLoop, clean, failing, List.copyOf(problems),
                List.copyOf(warnings), (System.nanoTime() - started) / 1e9, ingestAlone);
    }

    private void fail(String phase, Exception e) {
        String what = phase + ": " + e.getClass().getSimpleName() + ": " + e.getMessage();
        problems.add(what);
        log.println("  FAILED " + what);
        e.printStackTrace(log);
    }

    private static String tag() {
        return Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    }

    static JunctionConfig config(Target target, URI sinkUrl) {
        Map<String, SourceSpec> sources = new LinkedHashMap<>();
        sources.put("stripe", new SourceSpec("stripe",
                new VerifySpec("stripe", List.of(Payloads.STRIPE_SECRET), Duration.ofMinutes(5), null),
                DedupeSpec.DEFAULT, SourceSpec.DEFAULT_MAX_BODY_BYTES));
        Map<String, DestinationSpec> destinations = new LinkedHashMap<>();
        destinations.put(RawInsert.DESTINATION, new DestinationSpec(RawInsert.DESTINATION, sinkUrl, Duration.ofSeconds(5), RETRY,
                Payloads.DESTINATION_SECRET, Map.of()));
        return new JunctionConfig(new JunctionConfig.Server("127.0.0.1", 0),
                new JunctionConfig.Store(target.storeUrl(), null, null), sources, destinations,
                List.of(new RouteSpec("stripe", List.of(RawInsert.DESTINATION))),
                new JunctionConfig.Delivery(WORKERS, POLL_INTERVAL, null));
    }

    private static URI ingestUrl(Gateway gateway) {
        return URI.create("http://127.0.0.1:" + gateway.port() + "/in/stripe");
    }

    /**
     * @param destinationPaused pause the destination first: events are stored (and their deliveries kept
     *                          PENDING) but not delivered, so the figure is ingest alone
     */
    private IngestPhase ingest(boolean destinationPaused) throws Exception {
        try (Target t = targets.apply(destinationPaused ? "ingestalone" : "ingest"); Sink sink = new Sink(0, 1);
             Gateway gateway = Gateway.start(config(t, sink.url()), Clock.systemUTC());
             LoadGenerator load = new LoadGenerator(ingestUrl(gateway), new Payloads(tag()))) {
            if (destinationPaused) {
                gateway.pipeline().store().pause(dev.junction.store.Pause.Kind.DESTINATION, RawInsert.DESTINATION,
                        "benchmark: ingest alone", java.time.Instant.now());
            }
            LoadGenerator.Result warmup = load.closedLoop(options.concurrency(), options.warmup(), Long.MAX_VALUE, LoadGenerator.AckListener.NONE);
            long deliveredBefore = sink.delivered();
            SystemProbe.Snapshot before = SystemProbe.snapshot();
            LoadGenerator.Result r = load.closedLoop(options.concurrency(), options.duration(), Long.MAX_VALUE, LoadGenerator.AckListener.NONE);
            SystemProbe.Usage usage = SystemProbe.since(before);
            long delivered = sink.delivered() - deliveredBefore;
            check(destinationPaused ? "ingest throughput, destination paused" : "ingest throughput", r);
            if (destinationPaused && delivered > 0) problems.add("ingest alone: " + delivered + " deliveries reached the sink of a paused destination");
            log.printf("  ingest%s (closed loop, %d senders): %,.0f acks/s; ack p50 %.2f ms, p99 %.2f ms; delivered meanwhile %,.0f/s; cpu %.0f%% (jvm %.0f%%), iowait %.0f%%, %,.0f disk flushes/s%n",
                    destinationPaused ? " alone, destination paused" : "", options.concurrency(), r.acceptedPerSecond(), r.latency().p50(), r.latency().p99(), delivered / r.seconds(),
                    usage.machineCpuBusyPercent(), usage.jvmCpuPercentOfMachine(), usage.machineIowaitPercent(), usage.diskFlushesPerSecond());
            return new IngestPhase(warmup, r, usage, delivered, delivered / r.seconds(),
                    r.accepted() == 0 ? Double.NaN : round3((double) usage.diskFlushes() / r.accepted()));
        }
    }

    private OpenLoopPhase openLoop(double rate) throws Exception {
        Map<String, Long> acks = new ConcurrentHashMap<>();
        Map<String, Long> sends = new ConcurrentHashMap<>();
        try (Target t = targets.apply("openloop"); Sink sink = new Sink(0, 2);
             Gateway gateway = Gateway.start(config(t, sink.url()), Clock.systemUTC());
             LoadGenerator load = new LoadGenerator(ingestUrl(gateway), new Payloads(tag()))) {
            // Warm the fresh gateway's paths briefly (not measured), then the fixed-rate run.
            load.openLoop(rate, Duration.ofSeconds(1), options.maxInFlight(), Duration.ofSeconds(2), LoadGenerator.AckListener.NONE);
            SystemProbe.Snapshot before = SystemProbe.snapshot();
            LoadGenerator.Result r = load.openLoop(rate, options.duration(), options.maxInFlight(), options.duration(),
                    (id, sentAt, at) -> {
                        if (id != null) {
                            acks.put(id, at);
                            sends.put(id, sentAt);
                        }
                    });
            SystemProbe.Usage usage = SystemProbe.since(before);
            check("open-loop latency", r);
            if (r.notSent() > 0) warnings.add("open loop: " + r.notSent() + " scheduled requests were never sent (the schedule ran out of time)");
            if (r.maxLagMs() > 5) warnings.add(String.format("open loop: a send started up to %.1f ms after its intended time (%d sends > 1 ms late); that lag is inside the measured latency", r.maxLagMs(), r.lateSends()));
            // Wait (bounded) for every acknowledged event to reach the sink.
            long waitStart = System.nanoTime();
            long waitUntil = waitStart + options.drainDeadline().toNanos();
            while (System.nanoTime() < waitUntil && !acks.keySet().stream().allMatch(id -> sink.arrivalNanos(id) != null)) {
                TimeUnit.MILLISECONDS.sleep(20);
            }
            double waited = (System.nanoTime() - waitStart) / 1e9;
            Histogram e2e = new Histogram(1, 300_000_000L, 3);
            long before0 = 0, delivered = 0;
            for (Map.Entry<String, Long> ack : acks.entrySet()) {
                Long arrival = sink.arrivalNanos(ack.getKey());
                if (arrival == null) continue;
                delivered++;
                if (arrival < ack.getValue()) before0++;
                // From the moment the request went out: an upper bound of "accepted → delivered", which
                // cannot be read from outside more exactly, because a delivery can beat the 202 back.
                Latency.record(e2e, Math.max(0, arrival - sends.get(ack.getKey())));
            }
            long undelivered = acks.size() - delivered;
            if (delivered == 0) problems.add("end-to-end: no acknowledged event reached the sink");
            if (undelivered > 0) warnings.add("end-to-end: " + undelivered + " acknowledged events had not reached the sink after " + Math.round(waited) + " s");
            Latency endToEnd = Latency.of(e2e);
            var counters = gateway.pipeline().dispatcher().counters();
            log.printf("  open loop at %,.0f/s: ack p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms; end-to-end p50 %.2f ms, p99 %.2f ms (%d of %d delivered; %d leased at ingest, %d queued at ingest, %d claimed in %d claims)%n",
                    rate, r.latency().p50(), r.latency().p99(), r.latency().p999(), endToEnd.p50(), endToEnd.p99(), delivered, acks.size(),
                    counters.leasedAtIngest(), counters.queuedAtIngest(), counters.claimed(), counters.claims());
            return new OpenLoopPhase(rate, r, usage, r.accepted() == 0 ? Double.NaN : round3((double) usage.diskFlushes() / r.accepted()),
                    endToEnd, acks.size(), delivered, before0, undelivered, round3(waited), counters.leasedAtIngest(), counters.claimed());
        }
    }

    private DrainPhase drain(double failureRate, long backlog) throws Exception {
        String name = failureRate > 0 ? "delivery drain (" + Math.round(failureRate * 100) + "% 503)" : "delivery drain (no failures)";
        try (Target t = targets.apply(failureRate > 0 ? "drainfail" : "drain")) {
            Stores.open(t.storeUrl(), null, null).close();
            RawInsert.Result prefill = RawInsert.insert(t, 500, Duration.ofSeconds(60), backlog, new Payloads(tag()));
            if (prefill.events() < backlog) warnings.add(name + ": pre-filled only " + prefill.events() + " of " + backlog);
            try (Sink sink = new Sink(failureRate, 3)) {
                SystemProbe.Snapshot before = SystemProbe.snapshot();
                long until = System.nanoTime() + options.drainDeadline().toNanos();
                try (Gateway ignored = Gateway.start(config(t, sink.url()), Clock.systemUTC())) {
                    while (System.nanoTime() < until && sink.delivered() < prefill.events()) TimeUnit.MILLISECONDS.sleep(10);
                }
                SystemProbe.Usage usage = SystemProbe.since(before);
                long delivered = sink.delivered();
                double seconds = delivered == 0 ? Double.NaN : (sink.lastSuccessNanos() - sink.firstRequestNanos()) / 1e9;
                double rate = delivered == 0 ? 0 : delivered / seconds;
                long requests = sink.requests.get();
                boolean complete = delivered >= prefill.events();
                if (delivered == 0) problems.add(name + ": nothing was delivered");
                else if (!complete) warnings.add(name + ": " + delivered + " of " + prefill.events() + " delivered by the deadline; the rate is over what was delivered");
                log.printf("  %s: %,d events, %,.0f deliveries/s, %.2f attempts per delivery, %d answered 503%s%n", name,
                        prefill.events(), rate, delivered == 0 ? Double.NaN : (double) requests / delivered,
                        sink.failuresSent.get(), complete ? "" : " (NOT all delivered by the deadline)");
                return new DrainPhase(failureRate, prefill.events(), round3(prefill.seconds()), delivered, requests,
                        sink.failuresSent.get(), sink.duplicates.get(), round3(seconds), rate,
                        delivered == 0 ? Double.NaN : round3((double) requests / delivered), complete, usage,
                        delivered == 0 ? Double.NaN : round3((double) usage.diskFlushes() / delivered));
            }
        }
    }

    private void check(String phase, LoadGenerator.Result r) {
        if (r.accepted() == 0) {
            problems.add(phase + ": no request was accepted (statuses " + r.statuses() + ", transport errors "
                    + r.transportErrors() + (r.firstError() == null ? "" : ", first: " + r.firstError()) + ")");
        } else if (r.transportErrors() > 0 || r.accepted() < r.sent()) {
            warnings.add(phase + ": " + (r.sent() - r.accepted()) + " of " + r.sent() + " requests not answered 202 (statuses "
                    + r.statuses() + ", transport errors " + r.transportErrors() + (r.firstError() == null ? "" : ", first: " + r.firstError()) + ")");
        }
    }

    static double round3(double v) {
        return Double.isNaN(v) ? v : Math.round(v * 1000) / 1000.0;
    }
}
