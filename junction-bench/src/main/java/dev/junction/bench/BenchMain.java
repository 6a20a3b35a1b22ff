package dev.junction.bench;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark, in one command: the HTTP-stack ceiling, then per store (SQLite, PostgreSQL) the raw
 * durable-insert ceiling, ingest throughput, latency at a fraction of it, end-to-end latency and
 * delivery throughput with and without downstream failures, then the JMH hot-path benchmarks; writes
 * {@code <out>/<date>.md} and {@code .json}. Exits 1 if a phase failed (e.g. nothing accepted or nothing
 * delivered), 2 on bad options. Every load targets 127.0.0.1 and every phase is bounded in time.
 */
public final class BenchMain {

    /** Everything a run measured; serialised as the .json report. */
    record BenchResult(String date, String startedAt, double seconds, boolean smoke, String command, String gitCommit,
                       Map<String, Object> machine, Map<String, Object> parameters, HttpCeiling httpCeiling,
                       List<StoreResults.StoreRun> stores, List<KindsPhase.Run> kinds, List<OutboundPhase.Run> outbound, List<PollPhase.Run> poll, List<IcalPhase.Run> ical, ClientPhase.Result client, SyncPhase.Result sync, List<ColdStart.Run> coldStart, WrkPhase.Result wrk, SeedPhase.Result seed, List<JmhRunner.Score> jmh, List<Goal> goals,
                       List<String> problems, List<String> warnings) {}

    record HttpCeiling(LoadGenerator.Result warmup, LoadGenerator.Result load, SystemProbe.Usage usage) {}

    /** @param met null when the figure is missing */
    record Goal(String store, String goal, String measured, Boolean met) {}

    private BenchMain() {}

    public static void main(String[] args) {
        System.exit(run(System.out, args));
    }

    /** Runs the benchmark; returns the exit code. */
    public static int run(PrintStream log, String... args) {
        BenchOptions options;
        try {
            if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
                log.print(BenchOptions.USAGE);
                return 0;
            }
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.print(BenchOptions.USAGE);
            return 2;
        }
        try {
            return new BenchMain().execute(options, log, args);
        } catch (Exception e) {
            System.err.println("bench: failed: " + e);
            e.printStackTrace();
            return 1;
        }
    }

    private int execute(BenchOptions options, PrintStream log, String[] args) throws Exception {
        long started = System.nanoTime();
        ZonedDateTime startedAt = ZonedDateTime.now();
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Map<String, Object> machine = SystemProbe.machine();
        log.printf("Junction benchmark (%s): %s, %s cores, %s; %s%n", options.smoke() ? "smoke" : "full",
                machine.get("cpuModel"), machine.get("cores"), machine.get("memory"), machine.get("jdk"));
        log.printf("  phases of %d s, %d closed-loop senders, open loop at %.0f%% of ingest, %.0f%% downstream failures%n",
                options.duration().toSeconds(), options.concurrency(), options.loadFraction() * 100, options.failureRate() * 100);

        SystemProbe.Usage idle = waitForIdle(options, log);
        machine.put("cpuBusyBeforeRun", idle.machineCpuBusyPercent() + "% (other processes " + idle.otherCpuPercentOfMachine()
                + "%, sampled for " + Math.round(idle.seconds()) + " s just before the run)");
        if (idle.machineCpuBusyPercent() > 15) {
            warnings.add(String.format("the machine was not idle before the run: %.0f%% CPU busy; other processes compete with the "
                    + "benchmark for the %s cores (see the CPU columns of the phase details)", idle.machineCpuBusyPercent(), machine.get("cores")));
            log.println("  warning: " + warnings.getLast());
        }

        List<String> stores = new ArrayList<>(options.stores());
        if (stores.contains(Target.POSTGRESQL) && !Target.postgresReachable(options.pgUrl())) {
            problems.add("postgresql: no server at " + options.pgUrl().replaceAll("password=[^&]*", "password=***")
                    + " (start it, set --pg-url / JUNCTION_PG_URL, or pass --stores sqlite)");
            log.println("  " + problems.getLast());
            stores.remove(Target.POSTGRESQL);
        }

        // The cold-start and wrk phases run their own gateway processes: warming this JVM is for the in-process phases only.
        boolean inProcess = BenchOptions.PHASES.stream().anyMatch(p -> !ProcessPhases.NAMES.contains(p) && options.runs(p));
        if (inProcess) log.printf("JIT warm-up (at least %d s, not measured): Javalin no-op, then a gateway on each store under closed-loop load, until the JIT settles%n", options.jvmWarmup().toSeconds());
        String jitWarmup = "failed";
        if (!inProcess) jitWarmup = "skipped (no in-process phase)";
        else try {
            jitWarmup = JitWarmup.run(options, stores, log);
            if (jitWarmup.contains("NOT settled")) warnings.add("jit warm-up: " + jitWarmup);
        } catch (Exception e) {
            problems.add("jit warm-up: " + e);
            e.printStackTrace(log);
        }

        HttpCeiling http = null;
        if (options.runs("http")) log.println("HTTP ceiling: Javalin no-op handler");
        if (options.runs("http")) try (NoopHttp noop = new NoopHttp();
             LoadGenerator load = new LoadGenerator(URI.create("http://127.0.0.1:" + noop.port() + "/in/stripe"), new Payloads("noop"))) {
            LoadGenerator.Result warmup = load.closedLoop(options.concurrency(), options.warmup(), Long.MAX_VALUE, LoadGenerator.AckListener.NONE);
            SystemProbe.Snapshot before = SystemProbe.snapshot();
            LoadGenerator.Result r = load.closedLoop(options.concurrency(), options.duration(), Long.MAX_VALUE, LoadGenerator.AckListener.NONE);
            http = new HttpCeiling(warmup, r, SystemProbe.since(before));
            if (r.accepted() == 0) problems.add("http ceiling: nothing accepted (" + r.statuses() + ", " + r.firstError() + ")");
            log.printf("  %,.0f req/s (p50 %.2f ms, p99 %.2f ms), cpu %.0f%%%n", r.acceptedPerSecond(), r.latency().p50(),
                    r.latency().p99(), http.usage().machineCpuBusyPercent());
        } catch (Exception e) {
            problems.add("http ceiling: " + e);
            e.printStackTrace(log);
        }

        Path sqliteRoot = options.dataDir() != null ? Files.createDirectories(options.dataDir())
                : Files.createTempDirectory("junction-bench");
        List<StoreResults.StoreRun> runs = new ArrayList<>();
        List<KindsPhase.Run> kinds;
        List<OutboundPhase.Run> outbound;
        List<PollPhase.Run> poll;
        List<IcalPhase.Run> ical;
        ClientPhase.Result client;
        SyncPhase.Result sync;
        try {
            for (String store : stores) {
                log.println("Store: " + store);
                StoreResults.StoreRun run = new StorePhases(options, store, sqliteRoot, log).run();
                runs.add(run);
                run.problems().forEach(p -> problems.add(store + ": " + p));
                run.warnings().forEach(w -> warnings.add(store + ": " + w));
            }
            kinds = KindsPhase.run(options, sqliteRoot, log, problems, warnings);
            outbound = OutboundPhase.run(options, stores, sqliteRoot, log, problems);
            poll = PollPhase.run(options, stores, sqliteRoot, log, problems);
            ical = IcalPhase.run(options, stores, sqliteRoot, log, problems);
            client = ClientPhase.run(options, log, problems);
            sync = SyncPhase.run(options, sqliteRoot, log, problems);
        } finally {
            if (options.dataDir() == null) Target.deleteTree(sqliteRoot);
        }

        List<ColdStart.Run> coldStart = ProcessPhases.coldStart(options, log, problems);
        WrkPhase.Result wrk = ProcessPhases.wrk(options, log, problems, ProcessPhases.compositeBound(http, runs));
        SeedPhase.Result seed = ProcessPhases.seed(options, log, problems, warnings);

        List<JmhRunner.Score> jmh = List.of();
        if (options.jmh()) {
            log.println("JMH: verify, claim, route, client (1 fork each)");
            Path jmhLog = Files.createTempFile("junction-jmh", ".log");
            try {
                jmh = JmhRunner.run(options.smoke(), jmhLog);
                for (JmhRunner.Score s : jmh) {
                    log.printf("  %-40s %,12.3f ± %,.3f %s%n", s.benchmark(), s.score(), s.error(), s.unit());
                }
                Files.deleteIfExists(jmhLog);
            } catch (Exception e) {
                problems.add("jmh: " + e.getMessage() + " (log: " + jmhLog + ")");
                log.println("  FAILED: " + e.getMessage() + "; JMH log at " + jmhLog);
            }
        }

        List<Goal> goals = goals(runs, options.rate() == null);
        if (!coldStart.isEmpty()) goals.addAll(ColdStart.goals(coldStart));
        if (options.runs("wrk") && !options.smoke()) goals.addAll(WrkPhase.goals(wrk));
        if (options.runs("seed") && !options.smoke()) goals.addAll(SeedPhase.goals(seed, wrk));
        Map<String, Object> parameters = parameters(options);
        parameters.put("jitWarmup", jitWarmup);
        String command = System.getProperty("bench.launcher", "java dev.junction.bench.BenchMain") + " " + String.join(" ", args);
        BenchResult result = new BenchResult(LocalDate.now().toString(), startedAt.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
                (System.nanoTime() - started) / 1e9, options.smoke(), command.trim(), SystemProbe.gitCommit(), machine,
                parameters, http, runs, kinds, outbound, poll, ical, client, sync, coldStart, wrk, seed, jmh, goals, problems, warnings);
        Path[] written = Report.write(result, options.out(), baseName(options));
        log.printf("Wrote %s and %s in %.0f s%n", written[0], written[1], result.seconds());
        for (Goal g : goals) log.printf("  goal %-10s %-52s %-40s %s%n", g.store(), g.goal(), g.measured(), Report.verdict(g.met()));
        if (!problems.isEmpty()) {
            log.println("FAILED phases:");
            problems.forEach(p -> log.println("  " + p));
            return 1;
        }
        return 0;
    }

    /** Samples the machine's CPU for 2 s, repeatedly until it is below 15% busy or --wait-idle has passed. */
    private static SystemProbe.Usage waitForIdle(BenchOptions options, PrintStream log) throws InterruptedException {
        long until = System.nanoTime() + options.waitIdle().toNanos();
        while (true) {
            SystemProbe.Snapshot s = SystemProbe.snapshot();
            Thread.sleep(2000);
            SystemProbe.Usage u = SystemProbe.since(s);
            if (!(u.machineCpuBusyPercent() > 15) || System.nanoTime() >= until) return u;
            log.printf("  waiting for the machine to be idle: %.0f%% CPU busy%n", u.machineCpuBusyPercent());
        }
    }

    private static String baseName(BenchOptions options) {
        String base = LocalDate.now().toString() + (options.smoke() ? "-smoke" : "");
        if (Files.exists(options.out().resolve(base + ".md")) || Files.exists(options.out().resolve(base + ".json"))) {
            base += "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("HHmmss"));
        }
        return base;
    }

    private static Map<String, Object> parameters(BenchOptions o) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("mode", o.smoke() ? "smoke" : "full");
        p.put("phaseSeconds", o.duration().toMillis() / 1000.0);
        p.put("jitWarmupSeconds", o.jvmWarmup().toMillis() / 1000.0);
        p.put("warmupSecondsPerPhase", o.warmup().toMillis() / 1000.0);
        p.put("rawInsertSeconds", o.rawDuration().toMillis() / 1000.0);
        p.put("rawInsertBatch", "50 events per commit (ceiling); 1 event per commit (reference)");
        p.put("closedLoopSenders", o.concurrency());
        p.put("openLoopFractionOfIngest", o.rate() == null ? o.loadFraction() : "fixed rate " + Math.round(o.rate()) + "/s (--rate)");
        if (!o.phases().containsAll(BenchOptions.PHASES)) p.put("phases", BenchOptions.PHASES.stream().filter(o::runs).toList());
        p.put("openLoopMaxInFlight", o.maxInFlight());
        p.put("deliveryBacklog", o.backlog());
        p.put("drainDeadlineSeconds", o.drainDeadline().toMillis() / 1000.0);
        p.put("downstreamFailureRate", o.failureRate());
        p.put("bodyBytes", Payloads.BODY_BYTES);
        // The gateways spawned through the launcher (cold start, wrk) inherit it: an A/B of JVM options names its side here.
        String gatewayOptions = System.getenv("JUNCTION_JAVA_OPTS");
        if (gatewayOptions != null && !gatewayOptions.isBlank()) p.put("gatewayJavaOptions", "JUNCTION_JAVA_OPTS=" + gatewayOptions.strip());
        p.put("signature", "Stripe (Stripe-Signature t=,v1= HMAC-SHA256), verified by the gateway");
        p.put("gatewayDelivery", "workers " + StorePhases.WORKERS + ", poll interval " + StorePhases.POLL_INTERVAL.toMillis()
                + " ms, lease default (timeout + 30 s); destination timeout 5 s, signed (Standard Webhooks)");
        p.put("retry", "max-attempts " + StorePhases.RETRY.maxAttempts() + ", initial-delay " + StorePhases.RETRY.initialDelay().toMillis()
                + " ms, max-delay " + StorePhases.RETRY.maxDelay().toMillis() + " ms, multiplier " + StorePhases.RETRY.multiplier() + ", full jitter");
        if (o.runs("outbound")) {
            OutboundPhase.Counts c = o.smoke() ? OutboundPhase.Counts.SMOKE : OutboundPhase.Counts.FULL;
            p.put("outbound", c.apps() + " apps x " + c.endpointsPerApp() + " endpoints through the admin API, then " + c.scaleApps()
                    + " x " + c.endpointsPerApp() + " (one endpoint disabled in 1 app of " + c.disabledEvery() + "); "
                    + o.concurrency() + " closed-loop publishers, allow-networks 127.0.0.0/8");
        }
        if (o.runs("client")) {
            p.put("client", (o.smoke() ? 500 : 20_000) + " outbox events on PostgreSQL, added " + ClientPhase.ADD_BATCH
                    + " per transaction, drained by 1 and by 4 relays (batch " + ClientPhase.RELAY.batchSize() + ", poll "
                    + ClientPhase.RELAY.pollInterval().toMillis() + " ms) to a sink answering 200");
        }
        if (o.runs("sync")) {
            SyncPhase.Counts c = o.smoke() ? SyncPhase.Counts.SMOKE : SyncPhase.Counts.FULL;
            p.put("sync", c.changes() + " changes (after " + c.warmup() + " not measured) across 3 simulated CRMs, at most " + c.window()
                    + " on their way; a reconciliation of " + c.records() + " records; SQLite only");
        }
        p.put("stores", o.stores());
        p.put("postgresUrl", o.pgUrl().replaceAll("password=[^&]*", "password=***"));
        p.put("sqliteDataDir", o.dataDir() == null ? System.getProperty("java.io.tmpdir") + " (temporary directory)" : o.dataDir().toString());
        p.put("jmh", o.jmh() ? (o.smoke() ? "1 fork, 1 warmup + 1 measurement iteration of 200 ms" : "1 fork, 2 warmup + 3 measurement iterations of 1 s") : "skipped");
        return p;
    }

    /** @param atLoadFraction the open loop ran at the fraction of measured ingest that the latency goal names (no --rate) */
    static List<Goal> goals(List<StoreResults.StoreRun> runs, boolean atLoadFraction) {
        List<Goal> goals = new ArrayList<>();
        for (StoreResults.StoreRun r : runs) {
            String store = Report.storeName(r.engine());
            if (r.ingest() != null && r.rawBatched() != null) {
                double ratio = r.ingest().load().acceptedPerSecond() / r.rawBatched().eventsPerSecond();
                goals.add(new Goal(store, "ingest >= 50% of the raw durable-insert ceiling",
                        String.format("%.1f%% (%,.0f of %,.0f events/s)", ratio * 100, r.ingest().load().acceptedPerSecond(),
                                r.rawBatched().eventsPerSecond()), ratio >= 0.5));
            } else {
                goals.add(new Goal(store, "ingest >= 50% of the raw durable-insert ceiling", "not measured", null));
            }
            if (r.openLoop() != null && r.openLoop().load().latency().count() > 0) {
                double p99 = r.openLoop().load().latency().p99();
                goals.add(new Goal(store, "p99 acknowledgement < 20 ms at 50% load",
                        String.format("%.2f ms at %,.0f/s%s", p99, r.openLoop().targetRate(), atLoadFraction ? "" : " (fixed --rate: not judged)"),
                        atLoadFraction ? p99 < 20 : null));
            } else {
                goals.add(new Goal(store, "p99 acknowledgement < 20 ms at 50% load", "not measured", null));
            }
            if (r.openLoop() != null && r.openLoop().endToEnd().count() > 0) {
                double p50 = r.openLoop().endToEnd().p50();
                goals.add(new Goal(store, "end-to-end p50 < 25 ms", String.format("%.2f ms", p50), p50 < 25));
            } else {
                goals.add(new Goal(store, "end-to-end p50 < 25 ms", "not measured", null));
            }
        }
        return goals;
    }
}
