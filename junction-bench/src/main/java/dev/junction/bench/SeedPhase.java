package dev.junction.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The stack Junction is measured against, on the same machine under the same wrk load: Express takes the
 * Stripe-signed events, BullMQ queues them in Redis, a BullMQ worker (a second Node.js process, {@link ChildGateway#SINK_MAX_CONCURRENT} at a time)
 * delivers them signed to the same sink ({@code src/main/resources/seed/seed.js}). Its 202 is not on disk:
 * Redis keeps the queue in memory (and on this machine with persistence off). Needs {@code node} and
 * {@code npm} on the PATH and Redis at 127.0.0.1:6379; without them the phase is skipped and says why.
 */
final class SeedPhase {

    static final Duration FIRST = Duration.ofSeconds(10);
    static final Duration WARMUP = Duration.ofSeconds(20);
    static final int REDIS_PORT = 6379;
    static final double GOAL = 3.0;
    private static final List<String> FILES = List.of("package.json", "package-lock.json", "seed.js");
    private static final List<String> PACKAGES = List.of("express", "bullmq", "ioredis");

    /**
     * @param firstTenSeconds acks/s over the first 10 s from the spawn of its processes (closed loop, the bench's load generator)
     * @param stackCpuMsPer1000 CPU of the two Node.js processes and Redis per 1,000 acks during wrk
     */
    record Result(String stack, double readySeconds, double firstTenSeconds, Wrk.Output wrk, double deliveredPerSecond,
                  double stackCpuMsPer1000, SystemProbe.Usage usage, String skipped) {
        static Result skipped(String why) {
            return new Result(null, Double.NaN, Double.NaN, null, Double.NaN, Double.NaN, null, why);
        }
    }

    private final Duration duration;
    private final PrintStream log;

    SeedPhase(Duration duration, PrintStream log) {
        this.duration = duration;
        this.log = log;
    }

    /** Why the phase cannot run here, or null. */
    static String unavailable() {
        for (String tool : List.of("node", "npm")) {
            if (output(List.of(tool, "--version"), Duration.ofSeconds(30)) == null) {
                return "no " + tool + " on the PATH (Debian: apt-get install nodejs npm)";
            }
        }
        try {
            if (!redis("PING").startsWith("+PONG")) return "Redis at 127.0.0.1:" + REDIS_PORT + " did not answer PING";
        } catch (Exception e) {
            return "no Redis at 127.0.0.1:" + REDIS_PORT + " (" + e.getMessage() + ")";
        }
        return null;
    }

    Result run(Path workDir) throws Exception {
        Path dir = workDir.resolve("seed");
        Files.createDirectories(dir);
        for (String f : FILES) {
            try (InputStream in = SeedPhase.class.getResourceAsStream("/seed/" + f)) {
                Files.copy(in, dir.resolve(f));
            }
        }
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error").directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("npm.log").toFile()).start();
        if (!npm.waitFor(10, TimeUnit.MINUTES) || npm.exitValue() != 0) {
            throw new IllegalStateException("npm ci failed; see " + dir.resolve("npm.log") + ": " + Files.readString(dir.resolve("npm.log")).strip());
        }
        String prefix = "junction-bench-seed-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        String stack = "Node.js " + output(List.of("node", "--version"), Duration.ofSeconds(30)) + ", " + installed(dir) + ", Redis "
                + redisVersion();
        try (Sink sink = new Sink(0, 0)) {
            Map<String, String> env = Map.of("SEED_PREFIX", prefix, "STRIPE_SECRET", Payloads.STRIPE_SECRET, "SINK_URL", sink.url().toString(),
                    "DESTINATION_SECRET", Payloads.DESTINATION_SECRET, "CONCURRENCY", Integer.toString(ChildGateway.SINK_MAX_CONCURRENT));
            long spawned = System.nanoTime();
            try (NodeProcess worker = new NodeProcess(dir, "worker", env); NodeProcess api = new NodeProcess(dir, "api", env)) {
                worker.await("SEED_WORKER_READY");
                int port = Integer.parseInt(api.await("SEED_LISTENING ").strip());
                try (LoadGenerator load = new LoadGenerator(URI.create("http://127.0.0.1:" + port + "/in/stripe"), new Payloads("seedwarm"))) {
                    long firstAck = ColdStart.awaitFirstAck(load, api::checkAlive, spawned, LoadGenerator.AckListener.NONE);
                    double ready = (firstAck - spawned) / 1e9;
                    Duration left = FIRST.minusNanos(System.nanoTime() - spawned);
                    LoadGenerator.Result first = load.closedLoop(Wrk.CONNECTIONS, left, Long.MAX_VALUE, LoadGenerator.AckListener.NONE);
                    double firstTen = (first.accepted() + 1) / (double) FIRST.toSeconds(); // + the first 202 above
                    LoadGenerator.Result warm = load.closedLoop(Wrk.CONNECTIONS, WARMUP, Long.MAX_VALUE, LoadGenerator.AckListener.NONE);
                    log.printf("  seed stack: ready %.2f s after spawn, %,.0f acks/s over the first %d s, %,.0f warm%n", ready, firstTen,
                            FIRST.toSeconds(), warm.acceptedPerSecond());
                    long events = (long) Math.max(50_000, warm.acceptedPerSecond() * duration.toSeconds() * 4);
                    Path script = Wrk.script(dir);
                    Path requests = Wrk.presign(dir, "seedwrk", events);
                    long redis = redisPid();
                    long cpuBefore = cpu(api.pid(), worker.pid(), redis);
                    long deliveredBefore = sink.delivered();
                    SystemProbe.Snapshot before = SystemProbe.snapshot();
                    Wrk.Output out = Wrk.parse(Wrk.run(port, script, requests, duration));
                    SystemProbe.Usage usage = SystemProbe.since(before);
                    double delivered = (sink.delivered() - deliveredBefore) * 1000.0 / duration.toMillis();
                    long cpuMs = cpu(api.pid(), worker.pid(), redis) - cpuBefore;
                    Result r = new Result(stack, ready, firstTen, out, delivered, out.accepted() == 0 ? Double.NaN : cpuMs * 1000.0 / out.accepted(),
                            usage, null);
                    log.printf("  seed stack under wrk -t%d -c%d -d%ds: %,.0f acks/s (p50 %.2f ms, p99 %.2f ms), %,.0f deliveries/s, %d other answers; "
                                    + "%.0f ms of CPU per 1,000 acks (Node.js and Redis)%n", Wrk.THREADS, Wrk.CONNECTIONS, duration.toSeconds(),
                            out.acksPerSecond(), out.p50Ms(), out.p99Ms(), delivered, out.other(), r.stackCpuMsPer1000());
                    return r;
                }
            }
        } finally {
            // What the run queued in Redis goes with it (only this run's prefix).
            ProcessBuilder cleaner = new ProcessBuilder("node", "seed.js", "clean").directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("clean.log").toFile());
            cleaner.environment().put("SEED_PREFIX", prefix);
            Process clean = cleaner.start();
            if (!clean.waitFor(60, TimeUnit.SECONDS)) clean.destroyForcibly();
        }
    }

    private static long cpu(long... pids) {
        long sum = 0;
        for (long pid : pids) if (pid > 0) sum += Math.max(0, WrkPhase.processCpuMillis(pid));
        return sum;
    }

    /** The local redis-server's pid, for its CPU; -1 if it is not found (then the figure leaves Redis out). */
    private static long redisPid() {
        return ProcessHandle.allProcesses().filter(p -> p.info().command().map(c -> c.endsWith("/redis-server")).orElse(false))
                .mapToLong(ProcessHandle::pid).findFirst().orElse(-1);
    }

    private static String redisVersion() {
        try {
            return redis("INFO server").lines().filter(l -> l.startsWith("redis_version:"))
                    .map(l -> l.substring("redis_version:".length()).strip()).findFirst().orElse("(version unknown)");
        } catch (Exception e) {
            return "(version unknown)";
        }
    }

    /** One inline command to the local Redis; the first read of its answer (a short reply fits in one). */
    private static String redis(String command) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", REDIS_PORT), 2_000);
            s.setSoTimeout(2_000);
            s.getOutputStream().write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] buf = new byte[4096];
            int n = s.getInputStream().read(buf);
            return new String(buf, 0, Math.max(0, n), StandardCharsets.US_ASCII);
        }
    }

    /** The installed versions of the stack's packages, as npm resolved them from the lock file. */
    private static String installed(Path dir) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<String> versions = new ArrayList<>();
        for (String name : PACKAGES) {
            JsonNode pkg = json.readTree(dir.resolve("node_modules").resolve(name).resolve("package.json").toFile());
            versions.add(name + " " + pkg.path("version").asText("?"));
        }
        return String.join(", ", versions);
    }

    private static String output(List<String> command, Duration timeout) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
        } catch (Exception e) {
            return null;
        }
    }

    /** One {@code node seed.js ROLE} process, its output in {@code ROLE.log}; closing it stops it. */
    private static final class NodeProcess implements AutoCloseable {
        private final Process process;
        private final Path log;

        NodeProcess(Path dir, String role, Map<String, String> env) throws Exception {
            this.log = dir.resolve(role + ".log");
            ProcessBuilder pb = new ProcessBuilder("node", "seed.js", role).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.environment().putAll(env);
            this.process = pb.start();
        }

        /** Waits for a line starting with {@code marker}; returns the rest of it. */
        String await(String marker) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                for (String line : Files.readAllLines(log)) if (line.startsWith(marker)) return line.substring(marker.length());
                if (!process.isAlive()) throw new IllegalStateException("node seed.js exited with " + process.exitValue() + ": " + Files.readString(log).strip());
                Thread.sleep(20);
            }
            throw new IllegalStateException("node seed.js did not print " + marker.strip() + " within 60 s: " + Files.readString(log).strip());
        }

        void checkAlive() {
            if (!process.isAlive()) throw new IllegalStateException("node seed.js exited with " + process.exitValue() + " before answering");
        }

        long pid() {
            return process.pid();
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        }
    }

    /** The report's section. */
    static String markdown(Result r, WrkPhase.Result junction) {
        StringBuilder b = new StringBuilder("\n## Seed stack (Express + BullMQ + Redis)\n\n");
        if (r == null) return b.append("Not run.\n").toString();
        if (r.skipped() != null) return b.append("Not run: ").append(r.skipped()).append(".\n").toString();
        b.append(String.format("""
                The stack a team first builds for webhooks in Node.js, under the same wrk load as Junction above, delivering to the same sink: \
                Express verifies the Stripe signature and queues the event in BullMQ under its id, then answers 202; a BullMQ worker \
                (a second process, %d at a time as Junction's sink destination, retries with exponential backoff) delivers it signed. Its 202 is **not** on disk: the queue \
                lives in Redis's memory. %s. Warmed %d s after its first %d s, then `wrk -t%d -c%d` for %.0f s.%n%n""",
                ChildGateway.SINK_MAX_CONCURRENT, r.stack(), WARMUP.toSeconds(), FIRST.toSeconds(), Wrk.THREADS, Wrk.CONNECTIONS, r.wrk().seconds()));
        b.append("| figure | seed stack | Junction |\n|---|---:|---:|\n");
        String j = junction == null ? "n/a" : String.format("%,.0f", junction.acksPerSecond());
        b.append(String.format("| **acks/s under wrk, delivering meanwhile** | **%,.0f** | **%s** |%n", r.wrk().acksPerSecond(), j));
        b.append(String.format("| **Junction's rate as a multiple of the seed stack's** (goal %.0f×) | | **%s** |%n", GOAL, ratio(r, junction)));
        b.append(String.format("| deliveries/s meanwhile | %,.0f | %s |%n", r.deliveredPerSecond(),
                junction == null ? "n/a" : String.format("%,.0f", junction.deliveredPerSecond())));
        b.append(String.format("| CPU per 1,000 acks (seed: both Node.js processes and Redis; Junction: the gateway without its JIT) | %,.0f ms | %s |%n",
                r.stackCpuMsPer1000(), junction == null ? "n/a" : String.format("%,.0f ms", junction.gatewayCpuMsPer1000())));
        b.append(String.format("| latency p50 / p99 (ms, wrk) | %.2f / %.2f | %s |%n", r.wrk().p50Ms(), r.wrk().p99Ms(),
                junction == null ? "n/a" : String.format("%.2f / %.2f", junction.p50Ms(), junction.p99Ms())));
        b.append(String.format("| first 202 after spawn (s); acks/s over the first %d s (bench load generator; Junction's are under Cold start) | %.2f; %,.0f | |%n",
                FIRST.toSeconds(), r.readySeconds(), r.firstTenSeconds()));
        b.append(String.format("| non-202 answers; socket errors | %d; %d | |%n", r.wrk().other(), r.wrk().socketErrors()));
        b.append(String.format("| machine CPU busy during wrk | %s%% | |%n", r.usage().machineCpuBusyPercent()));
        return b.toString();
    }

    private static String ratio(Result r, WrkPhase.Result junction) {
        if (junction == null || r.wrk().acksPerSecond() <= 0) return "n/a";
        return times(junction.acksPerSecond() / r.wrk().acksPerSecond()) + "×";
    }

    /** Two decimals, cut rather than rounded: 2.995 reads 2.99, never 3.00 beside a goal of 3 not met. */
    static String times(double x) {
        return String.format("%.2f", Math.floor(x * 100) / 100);
    }

    static List<BenchMain.Goal> goals(Result r, WrkPhase.Result junction) {
        List<BenchMain.Goal> goals = new ArrayList<>();
        String goal = String.format("wrk acks/s >= %.0fx the seed stack's (Express + BullMQ + Redis)", GOAL);
        if (r == null || r.wrk() == null || junction == null || r.wrk().acksPerSecond() <= 0) {
            goals.add(new BenchMain.Goal("SQLite", goal, "not measured", null));
        } else {
            double x = junction.acksPerSecond() / r.wrk().acksPerSecond();
            goals.add(new BenchMain.Goal("SQLite", goal, String.format("%sx (%,.0f against %,.0f)", times(x), junction.acksPerSecond(),
                    r.wrk().acksPerSecond()), x >= GOAL));
        }
        return goals;
    }
}
