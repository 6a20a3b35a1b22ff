package dev.junction.bench;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Warms this JVM's shared code paths before the in-process phases measure anything. */
final class JitWarmup {

    private JitWarmup() {}

    /** Warm-up stops once the JIT compilers use less than this share of the machine over a round. */
    static final double JIT_SETTLED_PERCENT = 5.0;

    /**
     * Runs the shared code paths (HTTP client, Jetty/Javalin, Jackson, verification, the store, the
     * dispatcher) until the JIT has compiled them, so that no measured phase pays for compilation: the
     * no-op server for a quarter of the minimum warm-up, then a gateway on each store to be measured (its
     * JDBC driver and SQL paths differ), round after round until a round's compiling takes less than
     * {@link #JIT_SETTLED_PERCENT} of the machine, or four times the minimum has passed. On 2 cores the
     * one C2 compiler thread otherwise still works through its queue a minute into the run, and the
     * figures of the first phases depend on how far it got. Returns what happened, for the report.
     */
    static String run(BenchOptions options, List<String> stores, PrintStream log) throws Exception {
        long started = System.nanoTime();
        Duration quarter = options.jvmWarmup().dividedBy(4);
        try (NoopHttp noop = new NoopHttp();
             LoadGenerator load = new LoadGenerator(URI.create("http://127.0.0.1:" + noop.port() + "/in/stripe"), new Payloads("warmnoop"))) {
            load.closedLoop(options.concurrency(), quarter, Long.MAX_VALUE, LoadGenerator.AckListener.NONE);
        }
        List<String> warm = stores.isEmpty() ? List.of(Target.SQLITE) : stores;
        Duration round = options.jvmWarmup().minus(quarter).dividedBy(warm.size());
        long deadline = started + options.jvmWarmup().multipliedBy(options.smoke() ? 1 : 4).toNanos();
        Path dir = Files.createTempDirectory("junction-bench-warmup");
        int rounds = 0;
        double jit;
        // One gateway per store for the whole warm-up: each new instance sends the JIT back to work for a while.
        List<AutoCloseable> open = new ArrayList<>();
        try {
            List<LoadGenerator> loads = new ArrayList<>();
            for (String store : warm) {
                Target t = store.equals(Target.SQLITE) ? Target.sqlite(dir, "warmup") : Target.postgres(options.pgUrl(), "warmup");
                open.add(t);
                Sink sink = new Sink(0, 0);
                open.add(sink);
                dev.junction.server.Gateway gateway = dev.junction.server.Gateway.start(StorePhases.config(t, sink.url()), java.time.Clock.systemUTC());
                open.add(gateway);
                LoadGenerator load = new LoadGenerator(URI.create("http://127.0.0.1:" + gateway.port() + "/in/stripe"), new Payloads("warm" + store));
                open.add(load);
                loads.add(load);
            }
            do {
                SystemProbe.Snapshot before = SystemProbe.snapshot();
                for (LoadGenerator load : loads) load.closedLoop(options.concurrency(), round, Long.MAX_VALUE, LoadGenerator.AckListener.NONE);
                rounds++;
                jit = SystemProbe.since(before).jitCpuPercentOfMachine();
                log.printf("  warm-up round %d: JIT compilers used %.1f%% of the machine%n", rounds, jit);
                // Short rounds after the first: just long enough to see whether the compilers are still busy.
                round = Duration.ofSeconds(options.smoke() ? 1 : 5).dividedBy(warm.size());
            } while (!(jit < JIT_SETTLED_PERCENT) && System.nanoTime() < deadline);
        } finally {
            for (AutoCloseable c : open.reversed()) c.close();
            Target.deleteTree(dir);
        }
        return String.format("%.0f s in %d round(s) over %s; JIT compilers used %.1f%% of the machine in the last round (%s)",
                (System.nanoTime() - started) / 1e9, rounds, String.join(" and ", warm), jit,
                jit < JIT_SETTLED_PERCENT ? "settled" : "NOT settled: the first phases pay for compilation");
    }
}
