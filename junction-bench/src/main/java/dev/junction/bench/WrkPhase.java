package dev.junction.bench;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Ingest measured from outside, so the figure compares with any other stack's: {@code ./junction serve}
 * started as its own process on SQLite (delivering to the sink in this JVM), warmed by the load generator and then by wrk itself,
 * then driven by wrk (1 thread, 32 connections, unique Stripe-signed events, pre-signed into a file its
 * Lua script reads). The report sets the rate beside the composite bound min(raw-insert ceiling, half the
 * no-op HTTP ceiling): each event is one request in and one delivery out, so HTTP alone caps it at half.
 */
final class WrkPhase {

    static final Duration WARMUP = Duration.ofSeconds(30);
    /** After {@link #WARMUP}, rounds of wrk of this length (at least one) until the gateway's JIT settles. */
    static final Duration WARMUP_ROUND = Duration.ofSeconds(10);
    /** Settled: its JIT compiler threads used less than this share of one core over a round. */
    static final double JIT_SETTLED = 0.10;
    static final Duration MAX_WARMUP = Duration.ofSeconds(150);

    /**
     * How the warm-up went: on a slow 2-core machine the JIT was still compiling after 30 s in some runs and not in
     * others (4-7 s of compiler CPU in wrk's 10 s against under 3 s), and the rate followed it (1,600-3,100 acks/s
     * against 3,800-4,300): a fixed warm-up measured how far the JIT had come, not the gateway warm.
     *
     * @param seconds           warm-up time before the measured wrk run
     * @param acksPerSecond     the last round's rate (a wrk round's)
     * @param jitShareOfCore    the gateway's JIT compiler threads' CPU over the last round, as a share of one core
     */
    record Warmup(double seconds, double acksPerSecond, double jitShareOfCore) {
        boolean settled() {
            return jitShareOfCore < JIT_SETTLED;
        }
    }

    /**
     * @param acksPerSecond    202s per second over wrk's run
     * @param deliveredPerSecond successful deliveries the sink counted per second over the same window
     * @param bound            min(raw-insert ceiling, no-op HTTP ceiling / 2) of the same run; NaN if not measured
     */
    record Result(double seconds, long requests, long accepted, long other, long socketErrors, double acksPerSecond,
                  double p50Ms, double p99Ms, double maxMs, double deliveredPerSecond, Warmup warmup, double gatewayCpuMsPer1000,
                  double jitCpuMs, SystemProbe.Usage usage, double bound, Profile.Headline profile, DispatchPaths paths) {
        double shareOfBound() {
            return bound > 0 ? acksPerSecond / bound : Double.NaN;
        }

        Result withBound(double b) {
            return new Result(seconds, requests, accepted, other, socketErrors, acksPerSecond, p50Ms, p99Ms, maxMs,
                    deliveredPerSecond, warmup, gatewayCpuMsPer1000, jitCpuMs, usage, b, profile, paths);
        }

        Result withProfile(Profile.Headline p) {
            return new Result(seconds, requests, accepted, other, socketErrors, acksPerSecond, p50Ms, p99Ms, maxMs,
                    deliveredPerSecond, warmup, gatewayCpuMsPer1000, jitCpuMs, usage, bound, p, paths);
        }

        /** @param p how the deliveries during wrk's run reached the workers (from the gateway's metrics), or null */
        Result withPaths(DispatchPaths p) {
            return new Result(seconds, requests, accepted, other, socketErrors, acksPerSecond, p50Ms, p99Ms, maxMs,
                    deliveredPerSecond, warmup, gatewayCpuMsPer1000, jitCpuMs, usage, bound, profile, p);
        }
    }

    private final Path launcher;
    private final Duration duration;
    private final PrintStream log;

    WrkPhase(Path launcher, Duration duration, PrintStream log) {
        this.launcher = launcher;
        this.duration = duration;
        this.log = log;
    }


    Result run(Path workDir) throws Exception {
        ChildGateway.prepare(launcher, workDir);
        Path dir = Files.createTempDirectory(workDir, "wrk");
        try (Sink sink = new Sink(0, 0);
             ChildGateway gateway = new ChildGateway(launcher, dir, sink.url().toString(), Map.of());
             LoadGenerator load = new LoadGenerator(URI.create("http://127.0.0.1:" + gateway.port + "/in/stripe"), new Payloads("wrkwarm"))) {
            ColdStart.awaitFirstAck(load, gateway, gateway.spawnedNanos, LoadGenerator.AckListener.NONE);
            Path script = Wrk.script(dir);
            Warmup warm = warmUp(load, gateway, dir, script);
            long events = events(warm.acksPerSecond(), duration);
            long deliveredBefore = sink.delivered();
            Path requestsFile = Wrk.presign(dir, "wrk", events);
            SystemProbe.Snapshot before = SystemProbe.snapshot();
            long gatewayCpuBefore = processCpuMillis(gateway.pid());
            long[] threadsBefore = threadCpuMillis(gateway.pid());
            DispatchPaths pathsBefore = DispatchPaths.scrape(gateway.port);
            String output = Wrk.run(gateway.port, script, requestsFile, duration);
            long gatewayCpuMillis = processCpuMillis(gateway.pid()) - gatewayCpuBefore;
            long[] threadsAfter = threadCpuMillis(gateway.pid());
            long jitMillis = threadsAfter[1] - threadsBefore[1];
            SystemProbe.Usage usage = SystemProbe.since(before);
            double deliveredPerSecond = (sink.delivered() - deliveredBefore) * 1000.0 / duration.toMillis();
            DispatchPaths pathsAfter = DispatchPaths.scrape(gateway.port);
            Result r = parse(output, deliveredPerSecond, warm, usage, gatewayCpuMillis, jitMillis)
                    .withPaths(pathsAfter == null ? null : pathsAfter.since(pathsBefore));
            log.printf("  wrk -t%d -c%d -d%ds: %,.0f acks/s (p50 %.2f ms, p99 %.2f ms), %,.0f deliveries/s, %d other answers; warm-up %.0f s, "
                            + "last %,.0f acks/s, JIT %.0f%% of a core%n",
                    Wrk.THREADS, Wrk.CONNECTIONS, duration.toSeconds(), r.acksPerSecond(), r.p50Ms(), r.p99Ms(), r.deliveredPerSecond(), r.other(),
                    warm.seconds(), warm.acksPerSecond(), warm.jitShareOfCore() * 100);
            // CPU per event steadies a comparison on a busy machine, where the rate follows the other work.
            log.printf("  gateway CPU during wrk: %,d ms, %.1f ms per 1,000 acks; without the JIT compiler threads (%,d ms) %.1f ms per 1,000 acks%n",
                    gatewayCpuMillis, r.accepted() == 0 ? Double.NaN : gatewayCpuMillis * 1000.0 / r.accepted(), jitMillis,
                    r.gatewayCpuMsPer1000());
            if (r.paths() != null) log.printf("  deliveries during wrk: %s%n", r.paths().describe());
            // A second run of the same length, profiled: the profiler's cost stays out of the figure above.
            try {
                Path requests = Wrk.presign(dir, "wrkprof", events);
                Profile profile = Profile.start(gateway.pid(), dir);
                Wrk.run(gateway.port, script, requests, duration);
                Profile.Headline headline = profile.stop(dir);
                log.printf("  profile (%s, %,d samples): %s%n", headline.event(), headline.samples(), headline.byArea().entrySet().stream()
                        .limit(5).map(e -> String.format("%s %.0f%%", e.getKey(), e.getValue())).toList());
                return r.withProfile(headline);
            } catch (Exception e) {
                log.println("  profile: not taken (" + e + ")");
                return r;
            }
        }
    }

    /**
     * Enough that wrk never wraps around to events already sent (a duplicate is cheaper than an event), at half as
     * fast again as {@code acksPerSecond}: the warm-up's last round, or the load generator's rate, which wrk outpaces.
     */
    private static long events(double acksPerSecond, Duration duration) {
        return (long) Math.max(50_000, acksPerSecond * 1.5 * duration.toSeconds());
    }

    /**
     * {@link #WARMUP} by the load generator, then rounds of wrk's own load until the gateway's JIT settles or
     * {@link #MAX_WARMUP} has passed. The rounds are wrk's because wrk drives the gateway harder than the load
     * generator does (6,400 against 4,800 acks/s): warmed only by the load generator, the gateway's JIT still used
     * 0.3-1.4 s of CPU during wrk's 10 s, compiling for the load being measured.
     */
    private Warmup warmUp(LoadGenerator load, ChildGateway gateway, Path dir, Path script) throws Exception {
        long start = System.nanoTime();
        double rate = load.closedLoop(Wrk.CONNECTIONS, WARMUP, Long.MAX_VALUE, LoadGenerator.AckListener.NONE).acceptedPerSecond();
        for (int round = 1; ; round++) {
            Path requests = Wrk.presign(dir, "wrkwarm" + round, events(rate, WARMUP_ROUND));
            long jitBefore = threadCpuMillis(gateway.pid())[1];
            rate = Wrk.parse(Wrk.run(gateway.port, script, requests, WARMUP_ROUND)).acksPerSecond();
            // A compiler thread that ended meanwhile takes its CPU along: then the share reads low, never high.
            double jitShare = Math.max(0, threadCpuMillis(gateway.pid())[1] - jitBefore) / (double) WARMUP_ROUND.toMillis();
            Files.delete(requests);
            Warmup w = new Warmup((System.nanoTime() - start) / 1e9, rate, jitShare);
            if (w.settled() || w.seconds() + WARMUP_ROUND.toSeconds() > MAX_WARMUP.toSeconds()) return w;
            log.printf("  warm-up: %.0f s, %,.0f acks/s, the gateway's JIT used %.0f%% of a core: warming on%n", w.seconds(), w.acksPerSecond(),
                    jitShare * 100);
        }
    }

    /** User plus system CPU of a process so far (Linux /proc; -1 elsewhere). */
    static long processCpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // Fields after the command name, which is in parentheses and may hold spaces: utime and stime are the 12th and 13th.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return ticks * 10; // USER_HZ is 100 on Linux
        } catch (Exception e) {
            return -1;
        }
    }

    /** CPU of a process's live threads so far: {all, the JIT compiler threads'} (Linux /proc; zeros elsewhere). */
    static long[] threadCpuMillis(long pid) {
        long all = 0, jit = 0;
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long ms = (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
                    all += ms;
                    if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) jit += ms;
                } catch (Exception gone) {
                    // the thread ended meanwhile
                }
            }
        } catch (Exception e) {
            return new long[] {0, 0};
        }
        return new long[] {all, jit};
    }


    static Result parse(String wrkOutput, double deliveredPerSecond, Warmup warmup, SystemProbe.Usage usage, long gatewayCpuMs, long jitCpuMs)
            throws Exception {
        Wrk.Output o = Wrk.parse(wrkOutput);
        long accepted = o.accepted();
        return new Result(o.seconds(), o.requests(), accepted, o.other(), o.socketErrors(), o.acksPerSecond(), o.p50Ms(), o.p99Ms(), o.maxMs(),
                deliveredPerSecond, warmup, accepted == 0 ? Double.NaN : (gatewayCpuMs - jitCpuMs) * 1000.0 / accepted, jitCpuMs, usage,
                Double.NaN, null, null);
    }

    /** The report's section. */
    static String markdown(Result r) {
        StringBuilder b = new StringBuilder("\n## External load (wrk)\n\n");
        if (r == null) return b.append("Not run.\n").toString();
        b.append(String.format("`./junction serve` as its own process on SQLite (start-up cache on), warmed by the load generator for %d s, "
                        + "then by wrk in rounds of %d s (at least one) until its JIT compiler threads used under %.0f%% of a core (at most %d s), "
                        + "then `wrk -t%d -c%d` with unique pre-signed Stripe events (1 KiB) for %.0f s, delivering to the sink meanwhile "
                        + "(`max-concurrent: %d`, as the seed stack's worker).%n%n",
                WARMUP.toSeconds(), WARMUP_ROUND.toSeconds(), JIT_SETTLED * 100, MAX_WARMUP.toSeconds(), Wrk.THREADS, Wrk.CONNECTIONS, r.seconds(),
                ChildGateway.SINK_MAX_CONCURRENT));
        b.append("| figure | value |\n|---|---:|\n");
        b.append(String.format("| **acks/s while delivering** | **%,.0f** |%n", r.acksPerSecond()));
        b.append(String.format("| composite bound min(raw insert (a), HTTP no-op (b) / 2) | %s |%n", Double.isNaN(r.bound()) ? "n/a" : String.format("%,.0f", r.bound())));
        b.append(String.format("| **share of the bound** | **%s** |%n", Double.isNaN(r.shareOfBound()) ? "n/a" : String.format("%.0f%%", r.shareOfBound() * 100)));
        b.append(String.format("| deliveries/s meanwhile | %,.0f |%n", r.deliveredPerSecond()));
        if (r.paths() != null) b.append(String.format("| how they reached a worker (the gateway's `junction_dispatch_*` counters) | %s |%n", r.paths().describe()));
        Warmup w = r.warmup();
        b.append(String.format("| warm-up: seconds; last round's acks/s; the gateway's JIT then (share of a core) | %.0f; %,.0f; %.0f%%%s |%n",
                w.seconds(), w.acksPerSecond(), w.jitShareOfCore() * 100, w.settled() ? "" : " (not settled)"));
        b.append(String.format("| gateway CPU per 1,000 acks during wrk, JIT compiler threads left out; the JIT's CPU meanwhile | %,.0f ms; %,.0f ms |%n",
                r.gatewayCpuMsPer1000(), r.jitCpuMs()));
        b.append(String.format("| latency p50 / p99 / max (ms, wrk: closed loop) | %.2f / %.2f / %.2f |%n", r.p50Ms(), r.p99Ms(), r.maxMs()));
        b.append(String.format("| requests; non-202 answers; socket errors | %,d; %d; %d |%n", r.requests(), r.other(), r.socketErrors()));
        b.append(String.format("| machine CPU busy (gateway process and PostgreSQL are in 'other') | %s%% (%s) |%n",
                r.usage().machineCpuBusyPercent(), Report.cpuSplit(r.usage())));
        b.append(Profile.markdown(r.profile()));
        return b.toString();
    }

    static List<BenchMain.Goal> goals(Result r) {
        List<BenchMain.Goal> goals = new ArrayList<>();
        if (r == null || Double.isNaN(r.shareOfBound())) {
            goals.add(new BenchMain.Goal("SQLite", "wrk acks/s >= 70% of min(raw insert, HTTP no-op / 2)", "not measured", null));
        } else {
            goals.add(new BenchMain.Goal("SQLite", "wrk acks/s >= 70% of min(raw insert, HTTP no-op / 2)",
                    String.format("%.0f%% (%,.0f of %,.0f)", r.shareOfBound() * 100, r.acksPerSecond(), r.bound()), r.shareOfBound() >= 0.7));
        }
        return goals;
    }
}
