package dev.junction.bench;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Cold start, as a user meets it: {@code ./junction serve} started as a new process on a fresh SQLite
 * store, the load generator sending signed events from the moment the process is spawned. It measures the
 * time from spawn to the first 202 (ready), the acks per second in each of the process's first seconds, and
 * compares the first 10 s with the rate once warm (seconds 30 to 40), with the launcher's start-up cache
 * (AOT cache on JDK 25+, AppCDS before) and without it.
 */
final class ColdStart {

    static final Duration FIRST = Duration.ofSeconds(10);
    static final Duration WARM_FROM = Duration.ofSeconds(30);
    static final Duration RUN = Duration.ofSeconds(40);
    static final Duration LOAD_GENERATOR_WARMUP = Duration.ofSeconds(5);

    /**
     * @param readyMs          from spawning the process to reading its first 202
     * @param acksPerSecond    acks read in each second since the spawn
     * @param firstRate        acks/s over the first {@link #FIRST} after the spawn (the boot included)
     * @param warmRate         acks/s from {@link #WARM_FROM} to {@link #RUN}
     */
    record Run(String variant, double readyMs, long[] acksPerSecond, double firstRate, double warmRate, String error) {
        double firstShareOfWarm() {
            return warmRate > 0 ? firstRate / warmRate : Double.NaN;
        }
    }

    private final Path launcher;
    private final int concurrency;
    private final PrintStream log;

    ColdStart(Path launcher, int concurrency, PrintStream log) {
        this.launcher = launcher;
        this.concurrency = concurrency;
        this.log = log;
    }

    /**
     * Both variants, cache first (no cache first with {@code -Dbench.coldstart.nocache-first=true}, to tell the
     * variant from the order); the launcher records its cache beforehand (not timed).
     */
    List<Run> run(Path workDir) throws Exception {
        ChildGateway.prepare(launcher, workDir);
        warmLoadGenerator();
        List<Run> runs = new ArrayList<>();
        if (Boolean.getBoolean("bench.coldstart.nocache-first")) {
            runs.add(measure("no start-up cache", false, workDir));
            runs.add(measure("start-up cache", true, workDir));
        } else {
            runs.add(measure("start-up cache", true, workDir));
            runs.add(measure("no start-up cache", false, workDir));
        }
        return runs;
    }

    private Run measure(String variant, boolean cache, Path workDir) throws Exception {
        Path dir = Files.createTempDirectory(workDir, "coldstart");
        try (Sink sink = new Sink(0, 0);
             ChildGateway gateway = new ChildGateway(launcher, dir, sink.url().toString(), Map.of("JUNCTION_STARTUP_CACHE", cache ? "on" : "off"));
             LoadGenerator load = new LoadGenerator(URI.create("http://127.0.0.1:" + gateway.port + "/in/stripe"), new Payloads("cold" + variant.length()))) {
            long spawned = gateway.spawnedNanos;
            AtomicLongArray perSecond = new AtomicLongArray((int) RUN.toSeconds() + 30);
            LoadGenerator.AckListener bin = (id, sent, at) -> {
                int second = (int) ((at - spawned) / 1_000_000_000L);
                if (second < perSecond.length()) perSecond.incrementAndGet(second);
            };
            long ready = awaitFirstAck(load, gateway, spawned, bin);
            long left = spawned + RUN.toNanos() - System.nanoTime();
            if (left > 0) load.closedLoop(concurrency, Duration.ofNanos(left), Long.MAX_VALUE, bin);
            long[] acks = new long[(int) RUN.toSeconds()];
            for (int i = 0; i < acks.length; i++) acks[i] = perSecond.get(i);
            Run r = new Run(variant, (ready - spawned) / 1e6, acks, sum(acks, Duration.ZERO, FIRST) / (double) FIRST.toSeconds(),
                    sum(acks, WARM_FROM, RUN) / (double) RUN.minus(WARM_FROM).toSeconds(), null);
            log.printf("  %-18s ready after %,.0f ms; first %d s %,.0f acks/s, warm %,.0f acks/s (%.0f%%)%n", variant, r.readyMs(),
                    FIRST.toSeconds(), r.firstRate(), r.warmRate(), r.firstShareOfWarm() * 100);
            return r;
        } catch (Exception e) {
            log.printf("  %s FAILED: %s (log: %s)%n", variant, e.getMessage(), dir.resolve("gateway.log"));
            return new Run(variant, Double.NaN, new long[0], Double.NaN, Double.NaN, String.valueOf(e.getMessage()));
        }
    }

    /**
     * Warms this JVM's own side (the load generator's client, the sink's handler) for a few seconds against a
     * no-op server and the sink, so that the ramp measured is the gateway's, not the load generator's: run alone
     * ({@code --phases coldstart}) nothing else has warmed them.
     */
    private void warmLoadGenerator() throws Exception {
        try (NoopHttp noop = new NoopHttp(); Sink sink = new Sink(0, 0);
             LoadGenerator toNoop = new LoadGenerator(URI.create("http://127.0.0.1:" + noop.port() + "/in/stripe"), new Payloads("warm-noop"));
             LoadGenerator toSink = new LoadGenerator(sink.url(), new Payloads("warm-sink"))) {
            toNoop.closedLoop(concurrency, LOAD_GENERATOR_WARMUP, Long.MAX_VALUE, (id, sent, at) -> { });
            toSink.closedLoop(concurrency, LOAD_GENERATOR_WARMUP, Long.MAX_VALUE, (id, sent, at) -> { });
        }
    }

    /** One sender, request after request (refused while the process boots), until a 202; returns when it was read. */
    static long awaitFirstAck(LoadGenerator load, ChildGateway gateway, long spawned, LoadGenerator.AckListener bin) throws Exception {
        return awaitFirstAck(load, () -> {
            if (!gateway.isAlive()) throw new IllegalStateException("the gateway exited with " + gateway.exitValue() + " before answering");
        }, spawned, bin);
    }

    /** As above for any process; {@code alive} throws once it has ended. */
    static long awaitFirstAck(LoadGenerator load, Runnable alive, long spawned, LoadGenerator.AckListener bin) throws Exception {
        long[] firstAck = {0};
        LoadGenerator.AckListener first = (id, sent, at) -> {
            firstAck[0] = at;
            bin.accepted(id, sent, at);
        };
        while (firstAck[0] == 0) {
            alive.run();
            if (System.nanoTime() - spawned > RUN.toNanos()) throw new IllegalStateException("no 202 within " + RUN.toSeconds() + " s");
            LoadGenerator.Result r = load.closedLoop(1, Duration.ofMillis(20), 1, first);
            if (r.accepted() == 0) Thread.sleep(5);
        }
        return firstAck[0];
    }

    private static long sum(long[] acks, Duration from, Duration to) {
        long s = 0;
        for (int i = (int) from.toSeconds(); i < to.toSeconds() && i < acks.length; i++) s += acks[i];
        return s;
    }

    /** The report's section: one row per variant, then the acks of each second. */
    static String markdown(List<Run> runs) {
        StringBuilder b = new StringBuilder("\n## Cold start\n\n");
        if (runs == null || runs.isEmpty()) return b.append("Not run.\n").toString();
        b.append("`./junction serve` spawned as a new process on a fresh SQLite store; closed loop from the spawn on. ")
                .append("Ready = spawn to first 202. First 10 s = acks in the process's first 10 s (boot included) / 10; ")
                .append("warm = acks/s from 30 s to 40 s. The load generator and the sink (in the benchmark's JVM) are warmed for ")
                .append(2 * LOAD_GENERATOR_WARMUP.toSeconds()).append(" s first, against a no-op server and the sink.\n\n");
        b.append("| variant | ready (ms) | first 10 s (acks/s) | warm (acks/s) | first 10 s / warm | acks in each second 0..39 |\n|---|---:|---:|---:|---:|---|\n");
        for (Run r : runs) {
            b.append(String.format("| %s | %s | %s | %s | %s | %s |%n", r.variant(), Double.isNaN(r.readyMs()) ? "n/a" : String.format("%,.0f", r.readyMs()),
                    rate(r.firstRate()), rate(r.warmRate()), Double.isNaN(r.firstShareOfWarm()) ? "n/a" : String.format("%.0f%%", r.firstShareOfWarm() * 100),
                    r.error() != null ? "FAILED: " + r.error() : java.util.Arrays.toString(r.acksPerSecond())));
        }
        return b.toString();
    }

    /** Goals: ready within 2 s, and the first 10 s at half the warm rate or better; judged on the variant the launcher uses by default. */
    static List<BenchMain.Goal> goals(List<Run> runs) {
        Run r = runs == null ? null : runs.stream().filter(x -> x.variant().equals("start-up cache")).findFirst().orElse(null);
        if (r == null || r.error() != null) {
            return List.of(new BenchMain.Goal("SQLite", "cold start: ready (first 202) < 2 s", "not measured", null),
                    new BenchMain.Goal("SQLite", "cold start: first 10 s >= 50% of the warm rate", "not measured", null));
        }
        return List.of(new BenchMain.Goal("SQLite", "cold start: ready (first 202) < 2 s", String.format("%,.0f ms", r.readyMs()), r.readyMs() < 2000),
                new BenchMain.Goal("SQLite", "cold start: first 10 s >= 50% of the warm rate", String.format("%.0f%% (%,.0f of %,.0f acks/s)",
                        r.firstShareOfWarm() * 100, r.firstRate(), r.warmRate()), r.firstShareOfWarm() >= 0.5));
    }

    private static String rate(double v) {
        return Double.isNaN(v) ? "n/a" : String.format("%,.0f", v);
    }
}
