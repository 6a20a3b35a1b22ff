package dev.junction.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./junction serve} as its own process, the way a user starts it: on a fresh SQLite store in
 * {@code dir}, on a free port of 127.0.0.1, delivering to {@code sinkUrl}. Closing it stops the process
 * (SIGTERM, then SIGKILL after 20 s).
 */
final class ChildGateway implements AutoCloseable {

    /**
     * Calls in flight to the sink ({@code max-concurrent}), the same as the seed stack's worker takes jobs at a time
     * ({@link SeedPhase}), so both deliver with the same concurrency. With the default 16, under wrk's 32 connections on
     * a 2-core machine, the sink's answers took long enough that 16 calls at a time delivered fewer events a second than
     * were acknowledged: a backlog grew, no delivery was leased at ingest, and the store's writer claimed every one
     * (docs/benchmarks.md). {@code -Dbench.sink.max-concurrent=N} sets another.
     */
    static final int SINK_MAX_CONCURRENT = Integer.getInteger("bench.sink.max-concurrent", 64);

    final int port;
    final long spawnedNanos;
    final Path log;
    private final Process process;

    ChildGateway(Path launcher, Path dir, String sinkUrl, Map<String, String> env) throws IOException {
        this.port = freePort();
        this.log = dir.resolve("gateway.log");
        Path config = dir.resolve("junction.yaml");
        Files.writeString(config, yaml(dir, port, sinkUrl));
        ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "serve", "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("BENCH_STRIPE_SECRET", Payloads.STRIPE_SECRET);
        pb.environment().put("JUNCTION_QUIET", "true");
        pb.environment().putAll(env);
        this.spawnedNanos = System.nanoTime();
        this.process = pb.start();
    }

    /** Makes sure the launcher has built the jar and recorded its start-up cache, so neither is timed later. */
    static void prepare(Path launcher, Path workDir) throws Exception {
        Path log = workDir.resolve("prepare.log");
        Process p = new ProcessBuilder(launcher.toString(), "--version").redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("'" + launcher + " --version' failed; see " + log);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    int exitValue() {
        return process.exitValue();
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
    }

    private static String yaml(Path dir, int port, String sinkUrl) {
        return """
                server: { host: 127.0.0.1, port: %d }
                store: { url: "sqlite:%s/junction.db" }
                sources:
                  stripe:
                    verify: { scheme: stripe, secrets: ["${BENCH_STRIPE_SECRET}"], tolerance: 5m }
                destinations:
                  sink:
                    url: "%s"
                    timeout: 5s
                    max-concurrent: %d
                    secret: "%s"
                routes:
                  - from: stripe
                    to: [sink]
                """.formatted(port, dir, sinkUrl, SINK_MAX_CONCURRENT, Payloads.DESTINATION_SECRET);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
