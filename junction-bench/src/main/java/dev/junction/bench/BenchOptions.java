package dev.junction.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Command-line options of {@link BenchMain}.
 *
 * @param duration      length of each measured phase (ingest, open loop, HTTP ceiling); the other
 *                      phases are fractions of it
 * @param concurrency   closed-loop senders
 * @param loadFraction  the open-loop rate as a fraction of the measured ingest throughput
 * @param failureRate   share of requests the sink answers 503 in the failing-delivery phase
 * @param maxInFlight   open loop: most requests outstanding at once
 */
record BenchOptions(Path out, Duration duration, boolean smoke, int concurrency, List<String> stores, String pgUrl,
                    Path dataDir, double loadFraction, double failureRate, int maxInFlight, boolean jmh, Duration waitIdle,
                    int backlog, java.util.Set<String> phases, Double rate) {

    /** The phases a run can be limited to with --phases. */
    static final List<String> PHASES = List.of("http", "raw", "ingest", "openloop", "drain", "kinds", "outbound", "poll", "ical", "client", "sync", "coldstart", "wrk", "seed");

    boolean runs(String phase) {
        return phases.contains(phase);
    }

    static final String USAGE = """
            usage: BenchMain [--out DIR] [--duration SECONDS] [--smoke] [--concurrency N]
                             [--stores sqlite,postgresql] [--pg-url JDBC_URL] [--data-dir DIR]
                             [--load-fraction 0.5] [--failure-rate 0.2] [--max-in-flight N] [--no-jmh]
                             [--wait-idle SECONDS] [--backlog N] [--phases LIST] [--rate N]

              --out DIR           where <date>.md and <date>.json go (default bench/results)
              --duration SECONDS  length of each measured phase (default 10: the full run takes 3-10 min on 2 cores, including JIT warm-up)
              --smoke             2 s phases and a tiny JMH run: checks the tool works, not the figures
              --concurrency N     closed-loop (max-throughput) senders (default 32)
              --stores LIST       stores to measure (default sqlite,postgresql)
              --pg-url URL        PostgreSQL server (default $JUNCTION_PG_URL or
                                  jdbc:postgresql://127.0.0.1:5432/test?user=postgres); a fresh schema per phase
              --data-dir DIR      where SQLite files go (default a new temporary directory, deleted after)
              --load-fraction F   open-loop rate as a fraction of the measured ingest throughput (default 0.5)
              --failure-rate F    share of deliveries the sink answers 503 in the failure phase (default 0.2)
              --max-in-flight N   open loop: most requests outstanding at once (default 512)
              --backlog N         due deliveries pre-filled for the delivery-throughput phases (default 5000; smoke 400);
                                  the kinds phase drains that many to an HTTP sink, RabbitMQ and NATS JetStream
                                  (JUNCTION_RABBITMQ_URL, JUNCTION_NATS_URL; a broker not running is skipped)
              --no-jmh            skip the JMH micro-benchmarks
              --phases LIST       run only these phases (default all: http,raw,ingest,openloop,drain,kinds,outbound,poll,ical,client,sync,coldstart,wrk,seed;
                                  coldstart, wrk and seed only in full runs; seed: the Express + BullMQ + Redis stack
                                  under the same wrk load (needs node, npm and Redis at 127.0.0.1:6379, else skipped); outbound only in smoke runs, as it takes 1-2 min per
                                  store: 1 app x 10 endpoints, then 1,000 x 10 (add it with --phases ...,outbound));
                                  a quick look at one figure, e.g. --phases openloop --rate 1000
                                  client: junction-client's outbox relay on PostgreSQL, 20,000 events (smoke 500) drained
                                  by 1 and by 4 relays (skipped without PostgreSQL); its per-call HTTP overhead is a JMH benchmark
                                  sync: two-way sync on SQLite, 5,000 changes (smoke 200) across 3 simulated CRMs, then one
                                  reconciliation of 100,000 records (smoke 2,000), 1.7% of them drifted
              --rate N            open loop at N requests/s instead of a fraction of the measured ingest
              --wait-idle SECONDS wait up to this long for the machine to be idle (< 15% CPU busy) before
                                  starting (default 0: start at once; the report records how busy it was)
            """;

    static BenchOptions parse(String... args) {
        Path out = Path.of("bench", "results");
        Duration duration = null;
        boolean smoke = false;
        int concurrency = 32;
        List<String> stores = List.of(Target.SQLITE, Target.POSTGRESQL);
        String pgUrl = System.getenv().getOrDefault("JUNCTION_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
        Path dataDir = null;
        double loadFraction = 0.5;
        double failureRate = 0.2;
        int maxInFlight = 512;
        boolean jmh = true;
        Duration waitIdle = Duration.ZERO;
        Integer backlog = null;
        java.util.Set<String> phases = new java.util.LinkedHashSet<>(PHASES);
        Double rate = null;
        boolean phasesGiven = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--out" -> out = Path.of(value(args, ++i, a));
                case "--duration" -> duration = Duration.ofMillis(Math.round(1000 * positive(value(args, ++i, a), a)));
                case "--smoke" -> smoke = true;
                case "--concurrency" -> concurrency = count(value(args, ++i, a), a, 1024);
                case "--stores" -> {
                    List<String> s = new ArrayList<>();
                    for (String name : value(args, ++i, a).split(",")) {
                        String n = name.trim().toLowerCase();
                        if (n.equals("postgres") || n.equals("pg")) n = Target.POSTGRESQL;
                        if (!n.equals(Target.SQLITE) && !n.equals(Target.POSTGRESQL)) {
                            throw new IllegalArgumentException("--stores: unknown store '" + name + "' (sqlite, postgresql)");
                        }
                        if (!s.contains(n)) s.add(n);
                    }
                    stores = List.copyOf(s);
                }
                case "--pg-url" -> pgUrl = value(args, ++i, a);
                case "--data-dir" -> dataDir = Path.of(value(args, ++i, a));
                case "--load-fraction" -> loadFraction = fraction(value(args, ++i, a), a);
                case "--failure-rate" -> failureRate = fraction(value(args, ++i, a), a);
                case "--max-in-flight" -> maxInFlight = count(value(args, ++i, a), a, 10_000);
                case "--no-jmh" -> jmh = false;
                case "--backlog" -> backlog = count(value(args, ++i, a), a, 1_000_000);
                case "--phases" -> {
                    phasesGiven = true;
                    phases.clear();
                    for (String name : value(args, ++i, a).split(",")) {
                        String n = name.trim().toLowerCase();
                        if (!PHASES.contains(n)) throw new IllegalArgumentException("--phases: unknown phase '" + name + "' (" + String.join(", ", PHASES) + ")");
                        phases.add(n);
                    }
                }
                case "--rate" -> rate = (double) count(value(args, ++i, a), a, 100_000);
                case "--wait-idle" -> waitIdle = Duration.ofSeconds((long) positive(value(args, ++i, a), a));
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (!pgUrl.startsWith("jdbc:postgresql://127.0.0.1") && !pgUrl.startsWith("jdbc:postgresql://localhost")) {
            System.err.println("bench: note: PostgreSQL at " + pgUrl.replaceAll("password=[^&]*", "password=***")
                    + " (the load itself only ever targets 127.0.0.1)");
        }
        if (duration == null) duration = smoke ? Duration.ofSeconds(2) : Duration.ofSeconds(10);
        // Outbound's full run creates 10,000 endpoints and takes 1-2 min per store: asked for by name; a smoke run checks it.
        if (!phasesGiven && !smoke) phases.remove("outbound");
        return new BenchOptions(out, duration, smoke, concurrency, stores, pgUrl, dataDir, loadFraction, failureRate,
                maxInFlight, jmh, waitIdle, backlog != null ? backlog : smoke ? 400 : 5000, java.util.Set.copyOf(phases), rate);
    }

    /** The JIT warm-up of the whole path (HTTP client, Jetty, a gateway on each store) before anything is measured. */
    Duration jvmWarmup() {
        return smoke ? Duration.ofSeconds(1) : max(Duration.ofSeconds(20), duration.multipliedBy(2)).multipliedBy(Math.max(1, stores.size()));
    }

    /** Warm-up before each closed-loop measurement. */
    Duration warmup() {
        return smoke ? Duration.ofSeconds(1) : max(Duration.ofSeconds(2), duration.dividedBy(4));
    }

    /** The raw-insert ceiling (batched). */
    Duration rawDuration() {
        return max(Duration.ofSeconds(1), duration.dividedBy(2));
    }

    /** The raw single-event-per-commit rate (for the analysis). */
    Duration rawSingleDuration() {
        return max(Duration.ofSeconds(1), duration.dividedBy(4));
    }

    /** The most a delivery drain or an end-to-end wait may take. */
    Duration drainDeadline() {
        return duration.multipliedBy(2);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) throw new IllegalArgumentException(option + " needs a value");
        return args[i];
    }

    private static double positive(String v, String option) {
        double d;
        try {
            d = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": '" + v + "' is not a number");
        }
        if (!(d > 0) || d > 3600) throw new IllegalArgumentException(option + ": must be in (0, 3600], was " + v);
        return d;
    }

    private static int count(String v, String option, int max) {
        int n;
        try {
            n = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": '" + v + "' is not a whole number");
        }
        if (n < 1 || n > max) throw new IllegalArgumentException(option + ": must be in [1, " + max + "], was " + v);
        return n;
    }

    private static double fraction(String v, String option) {
        double d = positive(v, option);
        if (d >= 1) throw new IllegalArgumentException(option + ": must be between 0 and 1, was " + v);
        return d;
    }
}
