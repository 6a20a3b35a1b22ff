package dev.junction.bench;

import dev.junction.core.config.BatchSpec;
import dev.junction.core.config.DedupeSpec;
import dev.junction.core.config.DestinationSpec;
import dev.junction.core.config.GuardSpec;
import dev.junction.core.config.RouteSpec;
import dev.junction.core.config.SourceSpec;
import dev.junction.core.config.UrlCredentials;
import dev.junction.core.config.VerifySpec;
import dev.junction.server.Gateway;
import dev.junction.server.config.JunctionConfig;
import dev.junction.store.jdbc.Stores;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Delivery throughput to each kind of destination, beside HTTP: the same backlog of due deliveries
 * (pre-filled into a fresh SQLite store, as in the drain phase) drained by a gateway whose one destination
 * is the HTTP sink, a RabbitMQ queue (publisher confirms, persistent, mandatory) or a JetStream stream
 * (PubAck). The rate runs from the first delivery the dispatcher records to the last. A broker that is
 * not there is skipped with a line saying so.
 */
final class KindsPhase {

    static final List<String> KINDS = List.of("http", "http-batched", "amqp", "nats");
    /** The batched HTTP kind's batches (ADR 0026): NDJSON, so the sink counts items by their lines. */
    static final BatchSpec BATCH = new BatchSpec(100, Duration.ofMillis(50), BatchSpec.Format.NDJSON, null);

    /**
     * @param skipped why the kind was not measured, or null
     * @param machineCpuBusyPercent the whole machine, broker included, while the backlog drained
     */
    record Run(String kind, String destination, long events, long delivered, long received, double seconds,
               double deliveriesPerSecond, double machineCpuBusyPercent, double jvmCpuPercentOfMachine, boolean complete, String skipped) {

        static Run skipped(String kind, String why) {
            return new Run(kind, null, 0, 0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, false, why);
        }
    }

    private final BenchOptions options;
    private final Path sqliteRoot;
    private final PrintStream log;

    KindsPhase(BenchOptions options, Path sqliteRoot, PrintStream log) {
        this.options = options;
        this.sqliteRoot = sqliteRoot;
        this.log = log;
    }

    static List<Run> run(BenchOptions options, Path sqliteRoot, PrintStream log, List<String> problems, List<String> warnings) {
        if (!options.runs("kinds")) return List.of();
        log.printf("Delivery throughput by destination kind: %,d due deliveries drained to each, SQLite store%n", options.backlog());
        KindsPhase phase = new KindsPhase(options, sqliteRoot, log);
        List<Run> runs = new ArrayList<>();
        for (String kind : KINDS) {
            String why = KindReceivers.unreachable(kind);
            if (why != null) {
                log.println("  " + kind + ": SKIPPED, " + why);
                runs.add(Run.skipped(kind, why));
                continue;
            }
            try {
                Run r = phase.drain(kind);
                runs.add(r);
                if (r.delivered() == 0) problems.add("kinds, " + kind + ": nothing was delivered");
                else if (!r.complete()) warnings.add("kinds, " + kind + ": " + r.delivered() + " of " + r.events() + " delivered by the deadline");
                if (r.complete() && r.received() < r.events()) {
                    warnings.add("kinds, " + kind + ": the receiver holds " + r.received() + " of " + r.events() + " delivered messages");
                }
            } catch (Exception e) {
                problems.add("kinds, " + kind + ": " + e);
                runs.add(Run.skipped(kind, "failed: " + e.getMessage()));
            }
        }
        return runs;
    }

    private Run drain(String kind) throws Exception {
        String name = "junction-bench-" + ProcessHandle.current().pid() + "-" + kind + "-" + Long.toString(System.nanoTime() & 0xffffff, 36);
        try (Target t = Target.sqlite(sqliteRoot, "kinds-" + kind); KindReceivers.Receiver receiver = KindReceivers.open(kind, name)) {
            Stores.open(t.storeUrl(), null, null).close();
            RawInsert.Result prefill = RawInsert.insert(t, 500, Duration.ofSeconds(60), options.backlog(), new Payloads(name));
            long events = prefill.events();
            SystemProbe.Snapshot before = SystemProbe.snapshot();
            long first = 0, last = 0, atFirst = 0, delivered = 0;
            long until = System.nanoTime() + options.drainDeadline().toNanos();
            try (Gateway gateway = Gateway.start(config(t, receiver, kind.equals("http-batched")), Clock.systemUTC())) {
                var counters = gateway.pipeline().dispatcher().counters();
                while (System.nanoTime() < until && delivered < events) {
                    TimeUnit.MILLISECONDS.sleep(5);
                    long now = System.nanoTime();
                    delivered = counters.delivered();
                    if (first == 0 && delivered > 0) {
                        first = now;
                        atFirst = delivered;
                    }
                    last = now;
                }
            }
            SystemProbe.Usage usage = SystemProbe.since(before);
            double seconds = (last - first) / 1e9;
            double rate = delivered > atFirst && seconds > 0 ? (delivered - atFirst) / seconds : 0;
            long received = receiver.received();
            String destination = UrlCredentials.masked(receiver.url()) + describe(receiver.target())
                    + (kind.equals("http-batched") ? " in NDJSON batches of up to " + BATCH.max() + " (within " + BATCH.within().toMillis() + " ms)" : "");
            log.printf("  %s: %,d events, %,.0f deliveries/s (%s); machine cpu %.0f%% (jvm %.0f%%)%s%n", kind, events, rate, destination,
                    usage.machineCpuBusyPercent(), usage.jvmCpuPercentOfMachine(), delivered >= events ? "" : " (NOT all delivered by the deadline)");
            return new Run(kind, destination, events, delivered, received, StorePhases.round3(seconds), rate,
                    usage.machineCpuBusyPercent(), usage.jvmCpuPercentOfMachine(), delivered >= events, null);
        }
    }

    private static String describe(DestinationSpec.Target target) {
        return switch (target) {
            case DestinationSpec.Target.Amqp a -> " → default exchange, routing key " + a.routingKey();
            case DestinationSpec.Target.Nats n -> " → " + n.subject();
            case DestinationSpec.Target.Http h -> "";
        };
    }

    /** As the drain phase's gateway (same workers, guard, retry, signing), with the receiver's kind of destination. */
    private static JunctionConfig config(Target target, KindReceivers.Receiver receiver, boolean batched) {
        Map<String, SourceSpec> sources = new LinkedHashMap<>();
        sources.put(RawInsert.SOURCE, new SourceSpec(RawInsert.SOURCE, new VerifySpec("stripe", List.of(Payloads.STRIPE_SECRET),
                Duration.ofMinutes(5), null), DedupeSpec.DEFAULT, SourceSpec.DEFAULT_MAX_BODY_BYTES));
        DestinationSpec destination = new DestinationSpec(RawInsert.DESTINATION, receiver.url(), Duration.ofSeconds(5),
                StorePhases.RETRY, Payloads.DESTINATION_SECRET, Map.of(), GuardSpec.DEFAULT, receiver.target());
        Map<String, DestinationSpec> destinations = Map.of(RawInsert.DESTINATION, batched ? destination.withBatch(BATCH) : destination);
        return new JunctionConfig(new JunctionConfig.Server("127.0.0.1", 0), new JunctionConfig.Store(target.storeUrl(), null, null),
                sources, destinations, List.of(new RouteSpec(RawInsert.SOURCE, List.of(RawInsert.DESTINATION))),
                new JunctionConfig.Delivery(StorePhases.WORKERS, StorePhases.POLL_INTERVAL, null));
    }

    static String markdown(List<Run> runs) {
        StringBuilder b = new StringBuilder("\n## Delivery throughput by destination kind\n\n");
        if (runs == null || runs.isEmpty()) return b.append("Not run.\n").toString();
        b.append("The same backlog of due deliveries, pre-filled into a fresh SQLite store, drained by a gateway whose one destination ")
                .append("is of each kind: the HTTP sink (200 at once), the same sink taking batches of up to ").append(BATCH.max())
                .append(" events per request (NDJSON; one attempt row per event still recorded), a durable RabbitMQ queue (persistent, mandatory, publisher confirm ")
                .append("per message), a file-backed JetStream stream (PubAck per message). Deliveries/s from the first recorded delivery ")
                .append("to the last; CPU is the whole machine's, the broker's included.\n\n");
        b.append("| kind | destination | events | deliveries/s | seconds | machine CPU | JVM CPU | received |\n|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (Run r : runs) {
            if (r.skipped() != null) {
                b.append("| ").append(r.kind()).append(" | SKIPPED: ").append(r.skipped()).append(" | | | | | | |\n");
                continue;
            }
            b.append(String.format("| %s | %s | %,d | %,.0f%s | %.2f | %.0f%% | %.0f%% | %,d |%n", r.kind(), r.destination(), r.events(),
                    r.deliveriesPerSecond(), r.complete() ? "" : " (partial)", r.seconds(), r.machineCpuBusyPercent(),
                    r.jvmCpuPercentOfMachine(), r.received()));
        }
        return b.toString();
    }
}
