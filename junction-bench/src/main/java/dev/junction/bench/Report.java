package dev.junction.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Writes a run's result as Markdown (for people) and JSON (for tools), side by side. */
final class Report {

    /** Section headings every report has; the smoke test checks for them. */
    static final List<String> SECTIONS = List.of("## Machine", "## Parameters", "## Goals", "## Results",
            "## Micro-benchmarks (JMH)", "## Phase details", "## Problems and warnings", "## Method");

    private Report() {}

    static Path[] write(BenchMain.BenchResult r, Path dir, String baseName) throws IOException {
        Files.createDirectories(dir);
        Path md = dir.resolve(baseName + ".md");
        Path json = dir.resolve(baseName + ".json");
        Files.writeString(md, markdown(r));
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), r);
        return new Path[] {md, json};
    }

    static String storeName(String engine) {
        return engine.equals(Target.SQLITE) ? "SQLite" : "PostgreSQL";
    }

    static String verdict(Boolean met) {
        return met == null ? "not measured" : met ? "**met**" : "**not met**";
    }

    static String markdown(BenchMain.BenchResult r) {
        StringBuilder b = new StringBuilder();
        b.append("# Junction benchmark, ").append(r.date()).append(r.smoke() ? " (smoke run: checks the tool, not the figures)" : "").append("\n\n");
        b.append(String.format("Started %s, took %s. Commit `%s`. Command: `%s`.%n%n", r.startedAt(), minutes(r.seconds()),
                r.gitCommit() == null ? "?" : r.gitCommit(), r.command()));
        b.append("Everything runs in one JVM on this machine: the load generator (Jetty's asynchronous HTTP client), the gateway ")
                .append("(started in-process on 127.0.0.1 from a programmatic JunctionConfig) and the sink (a non-blocking Jetty handler ")
                .append("answering at once); ")
                .append("PostgreSQL runs on the same machine. So the load generator and the sink take CPU from the gateway: ")
                .append("compare figures with the ceilings below, measured the same way in the same run.\n\n");

        b.append("## Machine\n\n| | |\n|---|---|\n");
        for (Map.Entry<String, Object> e : r.machine().entrySet()) {
            b.append("| ").append(e.getKey()).append(" | ").append(cell(String.valueOf(e.getValue()))).append(" |\n");
        }
        for (StoreResults.StoreRun s : r.stores()) {
            b.append("| ").append(storeName(s.engine())).append(" | ").append(s.serverVersion()).append(", ").append(cell(s.where())).append(" |\n");
        }

        b.append("\n## Parameters\n\n| | |\n|---|---|\n");
        for (Map.Entry<String, Object> e : r.parameters().entrySet()) {
            b.append("| ").append(e.getKey()).append(" | ").append(cell(String.valueOf(e.getValue()))).append(" |\n");
        }

        b.append("\n## Goals\n\n| store | goal | measured | verdict |\n|---|---|---|---|\n");
        for (BenchMain.Goal g : r.goals()) {
            b.append("| ").append(g.store()).append(" | ").append(g.goal()).append(" | ").append(g.measured()).append(" | ")
                    .append(verdict(g.met())).append(" |\n");
        }

        results(b, r);
        b.append(KindsPhase.markdown(r.kinds()));
        b.append(OutboundPhase.markdown(r.outbound(), r.smoke()));
        b.append(PollPhase.markdown(r.poll(), r.smoke()));
        b.append(IcalPhase.markdown(r.ical()));
        b.append(ClientPhase.markdown(r.client(), r.jmh()));
        b.append(SyncPhase.markdown(r.sync()));
        b.append(ColdStart.markdown(r.coldStart()));
        b.append(WrkPhase.markdown(r.wrk()));
        b.append(SeedPhase.markdown(r.seed(), r.wrk()));
        jmh(b, r);
        details(b, r);

        b.append("\n## Problems and warnings\n\n");
        if (r.problems().isEmpty() && r.warnings().isEmpty()) b.append("None.\n");
        for (String p : r.problems()) b.append("- **FAILED** ").append(p).append('\n');
        for (String w : r.warnings()) b.append("- ").append(w).append('\n');

        b.append("""

                ## Method

                - **Raw durable-insert ceiling**: the schema is migrated by `Stores.open`, then a separate plain JDBC
                  connection inserts, per event, the rows an ingest writes (one `messages` row with the 1 KiB body and
                  headers, one PENDING `deliveries` row; the same SQL as `JdbcStore.ingest`), 50 events per
                  transaction, each commit durable (SQLite `journal_mode=WAL`, `synchronous=FULL`; PostgreSQL
                  `synchronous_commit=on`). One connection, one thread. "1 event/commit" is the same with a commit per
                  event: the store's commit rate, for reference.
                - **HTTP ceiling**: Javalin 7 configured as the gateway (virtual threads, 127.0.0.1), one POST route that
                  answers 202 at once and does nothing else, driven by the same load generator in max-throughput mode.
                - **Ingest alone**: the same closed loop on a fresh store with the destination paused (events are stored,
                  their deliveries kept PENDING): what ingest does without delivery's share of the machine.
                - **Ingest throughput**: closed loop, N senders each sending its next signed webhook when the previous
                  one is answered; a warm-up, then the measured window; acks/s = 202 answers / window. The dispatcher
                  delivers to the sink meanwhile (that load is part of the figure, as in production).
                - **Acknowledgement latency**: open loop on a fresh store at the given fraction of the measured ingest
                  throughput: request i is due at start + i/rate and its latency runs from that intended time, so
                  stalls are not hidden (no coordinated omission). A 1 s warm-up at the same rate precedes it.
                - **End-to-end latency**: for each event of the open-loop run, from the moment the load generator read
                  its 202 to the first 200 arrival of its `webhook-id` at the sink (same `System.nanoTime` clock).
                - **Delivery throughput**: a backlog of due deliveries (`deliveryBacklog`) is inserted into a fresh store (raw JDBC, as
                  above), then a gateway is started on it and the sink counts successful deliveries per second from
                  its first request to its last 200; once with a sink answering 200 always, once with the sink answering
                  503 to a random share of requests (retried after 10 ms initial delay with full jitter).
                - CPU is the whole machine's (includes PostgreSQL and the load generator) from /proc/stat, and this
                  JVM's; disk flushes are cache-flush requests completed by the block device (/proc/diskstats): each
                  fsync/fdatasync that reaches the disk is one. "Stolen" is time the hypervisor ran someone else on
                  this machine's cores (a noisy neighbour); it counts as busy. "JIT" is the CPU of the JIT compiler
                  threads (from /proc), "GC" the time the collectors report per second.
                - **JIT warm-up**: before anything is measured, a gateway on each store runs under closed-loop load
                  until the JIT compilers use less than 5% of the machine over a 5 s round (or 4 times the minimum
                  warm-up has passed; the report says which). On 2 cores the single C2 compiler thread otherwise
                  works through its queue for well over a minute, and the first phases pay for it. Each phase then
                  starts a fresh gateway, which sets the JIT to work again for a while: see the JIT column.
                - Latencies are recorded in HdrHistogram (µs, 3 significant digits); p99.9 needs >1,000 samples to mean much.
                """);
        return b.toString();
    }

    private static void results(StringBuilder b, BenchMain.BenchResult r) {
        List<StoreResults.StoreRun> s = r.stores();
        b.append("\n## Results\n\n| figure |");
        for (StoreResults.StoreRun run : s) b.append(' ').append(storeName(run.engine())).append(" |");
        b.append("\n|---|");
        b.append("---:|".repeat(s.size()));
        b.append('\n');
        double http = r.httpCeiling() == null ? Double.NaN : r.httpCeiling().load().acceptedPerSecond();
        row(b, s, "Ceiling (a): raw durable insert, 50 events/commit (events/s; 1 event = 1 message + 1 delivery row)",
                x -> x.rawBatched() == null ? "n/a" : rate(x.rawBatched().eventsPerSecond()));
        row(b, s, "reference: raw durable insert, 1 event/commit (events/s) [commit mean / p99 / max, ms: the floor under any ack]",
                x -> x.rawSingle() == null ? "n/a" : rate(x.rawSingle().eventsPerSecond()) + " [" + ms(x.rawSingle().commitMsMean())
                        + " / " + ms(x.rawSingle().commitMsP99()) + " / " + ms(x.rawSingle().commitMsMax()) + "]");
        row(b, s, "Ceiling (b): HTTP stack, Javalin no-op 202 (req/s, same load generator)", x -> rate(http));
        row(b, s, "**Ingest throughput** (acks/s, closed loop)", x -> x.ingest() == null ? "n/a" : "**" + rate(x.ingest().load().acceptedPerSecond()) + "**");
        row(b, s, "  ingest as share of ceiling (a), raw insert", x -> x.ingest() == null || x.rawBatched() == null ? "n/a"
                : pct(x.ingest().load().acceptedPerSecond() / x.rawBatched().eventsPerSecond()));
        row(b, s, "  ingest as share of 1-event/commit rate", x -> x.ingest() == null || x.rawSingle() == null ? "n/a"
                : pct(x.ingest().load().acceptedPerSecond() / x.rawSingle().eventsPerSecond()));
        row(b, s, "  ingest as share of ceiling (b), HTTP", x -> x.ingest() == null ? "n/a" : pct(x.ingest().load().acceptedPerSecond() / http));
        row(b, s, "  HTTP alone bounds ingest while delivering near (b) / 2 (each event is one request in, one out): as share of (a)",
                x -> x.rawBatched() == null || Double.isNaN(http) ? "n/a" : rate(http / 2) + " = " + pct(http / 2 / x.rawBatched().eventsPerSecond()));
        row(b, s, "  ack latency at saturation p50 / p99 (ms, closed loop)", x -> x.ingest() == null ? "n/a"
                : ms(x.ingest().load().latency().p50()) + " / " + ms(x.ingest().load().latency().p99()));
        row(b, s, "  delivered to the sink during the ingest window (per s)", x -> x.ingest() == null ? "n/a" : rate(x.ingest().deliveredPerSecondDuringLoad()));
        row(b, s, "  disk flushes per ack; machine CPU busy (this JVM / PostgreSQL / other processes)", x -> x.ingest() == null ? "n/a"
                : x.ingest().diskFlushesPerAck() + "; " + x.ingest().usage().machineCpuBusyPercent() + "% (" + cpuSplit(x.ingest().usage()) + ")");
        row(b, s, "Ingest alone, destination paused (acks/s, closed loop; share of ceiling (a) / (b))", x -> x.ingestAlone() == null ? "n/a"
                : rate(x.ingestAlone().load().acceptedPerSecond()) + " (" + (x.rawBatched() == null ? "n/a" : pct(x.ingestAlone().load().acceptedPerSecond() / x.rawBatched().eventsPerSecond()))
                + " / " + pct(x.ingestAlone().load().acceptedPerSecond() / http) + ")");
        row(b, s, "Open-loop rate (fraction of ingest throughput) (req/s)", x -> x.openLoop() == null ? "n/a" : rate(x.openLoop().targetRate()));
        row(b, s, "**Ack latency p50 / p99 / p99.9** (ms, from intended send time)", x -> x.openLoop() == null ? "n/a"
                : "**" + ms(x.openLoop().load().latency().p50()) + " / " + ms(x.openLoop().load().latency().p99()) + " / "
                + ms(x.openLoop().load().latency().p999()) + "**");
        row(b, s, "  ack latency max (ms); samples", x -> x.openLoop() == null ? "n/a"
                : ms(x.openLoop().load().latency().max()) + "; " + x.openLoop().load().latency().count());
        row(b, s, "**End-to-end p50 / p99** (ms, request sent → arrival at sink)", x -> x.openLoop() == null ? "n/a"
                : "**" + ms(x.openLoop().endToEnd().p50()) + " / " + ms(x.openLoop().endToEnd().p99()) + "**");
        row(b, s, "  end-to-end p99.9 / max (ms); delivered / acked", x -> x.openLoop() == null ? "n/a"
                : ms(x.openLoop().endToEnd().p999()) + " / " + ms(x.openLoop().endToEnd().max()) + "; "
                + x.openLoop().delivered() + " / " + x.openLoop().acked());
        row(b, s, "  deliveries leased at ingest / claimed from the queue; arrived before the 202 was read", x -> x.openLoop() == null ? "n/a"
                : x.openLoop().leasedAtIngest() + " / " + x.openLoop().claimed() + "; " + x.openLoop().arrivedBeforeAck());
        row(b, s, "Delivery throughput, backlog drain, sink always 200 (deliveries/s)", x -> x.drainClean() == null ? "n/a"
                : rate(x.drainClean().deliveriesPerSecond()) + (x.drainClean().complete() ? "" : " (partial)"));
        row(b, s, "**Delivery throughput, " + failurePct(r) + " transient 503s** (deliveries/s)", x -> x.drainFailing() == null ? "n/a"
                : "**" + rate(x.drainFailing().deliveriesPerSecond()) + "**" + (x.drainFailing().complete() ? "" : " (partial)"));
        row(b, s, "  attempts per delivery; backlog", x -> x.drainFailing() == null ? "n/a"
                : x.drainFailing().attemptsPerDelivery() + "; " + x.drainFailing().backlog());
        row(b, s, "  disk flushes per delivery (no failures / with failures)", x -> x.drainClean() == null || x.drainFailing() == null ? "n/a"
                : x.drainClean().diskFlushesPerDelivery() + " / " + x.drainFailing().diskFlushesPerDelivery());
    }

    private static String failurePct(BenchMain.BenchResult r) {
        Object f = r.parameters().get("downstreamFailureRate");
        return f instanceof Double d ? Math.round(d * 100) + "%" : "?";
    }

    private static void row(StringBuilder b, List<StoreResults.StoreRun> runs, String label,
                            Function<StoreResults.StoreRun, String> value) {
        b.append("| ").append(label).append(" |");
        for (StoreResults.StoreRun run : runs) {
            String v;
            try {
                v = value.apply(run);
            } catch (RuntimeException e) {
                v = "n/a";
            }
            b.append(' ').append(v).append(" |");
        }
        b.append('\n');
    }

    private static void jmh(StringBuilder b, BenchMain.BenchResult r) {
        b.append("\n## Micro-benchmarks (JMH)\n\n");
        if (r.jmh().isEmpty()) {
            b.append("Not run.\n");
            return;
        }
        b.append("| benchmark | mode | score | error (99.9%) | unit | secondary |\n|---|---|---:|---:|---|---|\n");
        for (JmhRunner.Score s : r.jmh()) {
            List<String> sec = new ArrayList<>();
            s.secondary().forEach((k, v) -> sec.add(k + " " + String.format("%,.1f", v)));
            b.append(String.format("| %s | %s | %,.3f | %,.3f | %s | %s |%n", s.benchmark(), s.mode(), s.score(),
                    s.error(), s.unit(), String.join(", ", sec)));
        }
        JmhRunner.Score first = r.jmh().getFirst();
        b.append(String.format("%n%d fork, %d warm-up + %d measurement iterations of %s each. VerifyBench: Stripe scheme, 1 KiB body. "
                        + "ClaimBench: `JdbcStore.claimDue` (16 per call, one durable transaction) on SQLite with `backlog` due deliveries; "
                        + "claims are leased for 0 s so the due set stays at `backlog` rows (secondary counters: deliveries claimed, "
                        + "and calls that found fewer than 16, which should be 0). RouteBench: `Router.destinationsFor` (20 sources, 41 routes).%n",
                first.forks(), first.warmupIterations(), first.measurementIterations(), first.iterationTime()));
    }

    private static void details(StringBuilder b, BenchMain.BenchResult r) {
        b.append("\n## Phase details\n\n");
        b.append("| store | phase | seconds | sent | 202 | statuses | transport errors | latency p50 / p90 / p99 / max (ms) | machine CPU busy / iowait / stolen | CPU: this JVM (JIT compiling, GC time) / PostgreSQL / other processes | disk flushes/s |\n");
        b.append("|---|---|---:|---:|---:|---|---:|---|---|---|---:|\n");
        if (r.httpCeiling() != null) {
            loadRow(b, "-", "HTTP ceiling warm-up", r.httpCeiling().warmup(), null);
            loadRow(b, "-", "HTTP ceiling", r.httpCeiling().load(), r.httpCeiling().usage());
        }
        for (StoreResults.StoreRun s : r.stores()) {
            String name = storeName(s.engine());
            if (s.ingest() != null) {
                loadRow(b, name, "ingest warm-up", s.ingest().warmup(), null);
                loadRow(b, name, "ingest (closed loop)", s.ingest().load(), s.ingest().usage());
            }
            if (s.ingestAlone() != null) loadRow(b, name, "ingest alone (destination paused)", s.ingestAlone().load(), s.ingestAlone().usage());
            if (s.openLoop() != null) loadRow(b, name, "open loop at " + rate(s.openLoop().targetRate()) + "/s", s.openLoop().load(), s.openLoop().usage());
        }
        b.append("\n| store | phase | backlog | delivered | sink requests | 503s sent | duplicates | seconds | deliveries/s | machine CPU busy / iowait / stolen | CPU: this JVM (JIT compiling, GC time) / PostgreSQL / other processes | disk flushes/s |\n");
        b.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|---:|\n");
        for (StoreResults.StoreRun s : r.stores()) {
            for (StoreResults.DrainPhase d : new StoreResults.DrainPhase[] {s.drainClean(), s.drainFailing()}) {
                if (d == null) continue;
                b.append(String.format("| %s | drain, %.0f%% 503 | %d | %d | %d | %d | %d | %.2f | %s | %s%% / %s%% / %s%% | %s | %s |%n", storeName(s.engine()),
                        d.failureRate() * 100, d.backlog(), d.delivered(), d.sinkRequests(), d.failuresAnswered(), d.duplicates(),
                        d.seconds(), rate(d.deliveriesPerSecond()), d.usage().machineCpuBusyPercent(), d.usage().machineIowaitPercent(), d.usage().machineStealPercent(),
                        cpuSplit(d.usage()), rate(d.usage().diskFlushesPerSecond())));
            }
        }
        b.append("\n| store | raw insert | events | commits | seconds | events/s | table rows/s | commit mean / p99 / max (ms) | durability |\n");
        b.append("|---|---|---:|---:|---:|---:|---:|---:|---|\n");
        for (StoreResults.StoreRun s : r.stores()) {
            for (RawInsert.Result x : new RawInsert.Result[] {s.rawBatched(), s.rawSingle()}) {
                if (x == null) continue;
                b.append(String.format("| %s | %d/commit | %d | %d | %.2f | %s | %s | %s | %s |%n", storeName(s.engine()), x.batchSize(),
                        x.events(), x.transactions(), x.seconds(), rate(x.eventsPerSecond()), rate(x.tableRowsPerSecond()),
                        ms(x.commitMsMean()) + " / " + ms(x.commitMsP99()) + " / " + ms(x.commitMsMax()), x.durability()));
            }
        }
        b.append("\nPer-store wall time: ");
        List<String> times = new ArrayList<>();
        for (StoreResults.StoreRun s : r.stores()) times.add(storeName(s.engine()) + " " + minutes(s.seconds()));
        b.append(String.join(", ", times)).append(".\n");
    }

    private static void loadRow(StringBuilder b, String store, String phase, LoadGenerator.Result x, SystemProbe.Usage u) {
        Latency l = x.latency();
        b.append(String.format("| %s | %s | %.2f | %d | %d | %s | %d | %s / %s / %s / %s | %s | %s | %s |%n", store, phase, x.seconds(),
                x.sent(), x.accepted(), x.statuses(), x.transportErrors(), ms(l.p50()), ms(l.p90()), ms(l.p99()), ms(l.max()),
                u == null ? "" : u.machineCpuBusyPercent() + "% / " + u.machineIowaitPercent() + "% / " + u.machineStealPercent() + "%",
                u == null ? "" : cpuSplit(u), u == null ? "" : rate(u.diskFlushesPerSecond())));
    }

    static String cpuSplit(SystemProbe.Usage u) {
        return u.jvmCpuPercentOfMachine() + "% (JIT " + u.jitCpuPercentOfMachine() + "%, GC " + Math.round(u.gcMillisPerSecond()) + " ms/s) / "
                + u.postgresCpuPercentOfMachine() + "% / " + u.otherCpuPercentOfMachine() + "%";
    }

    private static String rate(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "n/a" : String.format("%,.0f", v);
    }

    private static String ms(double v) {
        return Double.isNaN(v) ? "n/a" : String.format("%.2f", v);
    }

    private static String pct(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "n/a" : String.format("%.1f%%", v * 100);
    }

    private static String minutes(double seconds) {
        long s = Math.round(seconds);
        return s >= 60 ? (s / 60) + " min " + (s % 60) + " s" : s + " s";
    }

    private static String cell(String s) {
        if (s == null) return "n/a";
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
