package dev.junction.bench;

import dev.junction.server.demo.crm.Counted;
import dev.junction.server.demo.crm.CrmSimulator;
import dev.junction.server.demo.crm.IdStyle;
import dev.junction.server.demo.crm.SyncedCrmConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Two-way sync (ADR 0027, 0028) on SQLite: records synced per second across three simulated CRMs
 * ({@link SyncThroughput}), and one reconciliation of a sync of many records, a known share of them drifted
 * ({@link SyncReconcile}). The simulators answer at once (none of the demo's faults). The phase fails when a change
 * loops, a record is duplicated, or the reconciliation finds other than the drift made.
 */
final class SyncPhase {

    /** Sizes of a run. */
    record Counts(int changes, int warmup, int window, int records) {
        static final Counts SMOKE = new Counts(200, 0, 64, 2_000);
        static final Counts FULL = new Counts(5_000, 500, 64, 100_000);
    }

    record Result(Counts counts, double loopWindowSeconds, SyncThroughput.Result throughput, String throughputFailed, SyncReconcile.Result reconcile, String reconcileFailed) {}

    /** How long the sync must be quiet (no write, no webhook pending) to be settled, and how long loops are looked for after. */
    record Settle(Duration quiet, Duration loopWindow, Duration deadline) {

        boolean quiet(Map<String, CrmSimulator> crms) throws InterruptedException {
            long until = System.nanoTime() + deadline.toNanos();
            while (System.nanoTime() < until) {
                long before = writes(crms);
                Thread.sleep(quiet.toMillis());
                if (writes(crms) == before && crms.values().stream().allMatch(c -> c.webhooksPending() == 0)) return true;
            }
            return false;
        }

        /** Writes made in the loop window of a settled sync: an echo taken for an edit would keep writing. */
        long loops(Map<String, CrmSimulator> crms) throws InterruptedException {
            long before = writes(crms);
            Thread.sleep(loopWindow.toMillis());
            return writes(crms) - before;
        }
    }

    private SyncPhase() {}

    static Result run(BenchOptions options, Path sqliteRoot, PrintStream log, List<String> problems) {
        if (!options.runs("sync")) return null;
        Counts c = options.smoke() ? Counts.SMOKE : Counts.FULL;
        Settle settle = options.smoke() ? new Settle(Duration.ofMillis(700), Duration.ofSeconds(1), Duration.ofSeconds(60))
                : new Settle(Duration.ofMillis(1500), Duration.ofSeconds(3), Duration.ofSeconds(180));
        log.printf("Two-way sync (SQLite): %,d changes across 3 simulated CRMs, then a reconciliation of %,d records%n", c.changes(), c.records());
        SyncThroughput.Result throughput = null;
        String throughputFailed = null;
        try (Target t = Target.sqlite(sqliteRoot, "sync")) {
            throughput = SyncThroughput.run(t, c.changes(), c.warmup(), c.window(), settle, log);
            if (throughput.loops() != 0) problems.add("sync: " + throughput.loops() + " write(s) after the sync settled (a loop)");
            if (throughput.duplicates() != 0) problems.add("sync: " + throughput.duplicates() + " duplicate record(s)");
        } catch (Exception e) {
            throughputFailed = String.valueOf(e);
            problems.add("sync, records synced: " + e);
            e.printStackTrace(log);
        }
        SyncReconcile.Result reconcile = null;
        String reconcileFailed = null;
        try (Target t = Target.sqlite(sqliteRoot, "sync-reconcile")) {
            reconcile = SyncReconcile.run(t, c.records(), settle, log);
            reconcile.problems().forEach(p -> problems.add("sync, reconciliation: " + p));
        } catch (Exception e) {
            reconcileFailed = String.valueOf(e);
            problems.add("sync, reconciliation: " + e);
            e.printStackTrace(log);
        }
        return new Result(c, settle.loopWindow().toMillis() / 1000.0, throughput, throughputFailed, reconcile, reconcileFailed);
    }

    /** Webhooks each simulated CRM has on their way at once (each record's in order): real CRMs send in parallel too. */
    static final int WEBHOOK_SENDERS = 8;

    /**
     * Three simulated CRMs as {@code junction demo crm} starts them (ids in three styles, a token each), answering at once, with
     * {@link #WEBHOOK_SENDERS} webhook senders each: with one, a CRM's webhooks would go one round trip at a time and bound the figure.
     */
    static Map<String, CrmSimulator> simulators() {
        Map<String, CrmSimulator> crms = new LinkedHashMap<>();
        List<IdStyle> styles = List.of(IdStyle.values());
        for (String name : List.of("crm-a", "crm-b", "crm-c")) {
            crms.put(name, CrmSimulator.builder().name(name).idStyle(styles.get(crms.size() % styles.size())).token(SyncedCrmConfig.token(name))
                    .seed(16 + crms.size()).webhookSenders(WEBHOOK_SENDERS).start());
        }
        return crms;
    }

    /** Creates and updates the CRMs were asked for through their APIs (the gateway's writes). */
    static long writes(Map<String, CrmSimulator> crms) {
        return crms.values().stream().mapToLong(c -> c.count(Counted.CREATES) + c.count(Counted.UPDATES)).sum();
    }

    static String markdown(Result r) {
        StringBuilder b = new StringBuilder("\n## Two-way sync\n\n");
        if (r == null) return b.append("Not run.\n").toString();
        b.append("Three simulated CRMs (`CrmSimulator`, the `junction demo crm` wiring: signed change webhooks in, REST writes out, "
                + "answering at once, none of the demo's faults; " + WEBHOOK_SENDERS + " webhooks on their way at once per CRM, each record's in order) "
                + "kept in step by a gateway on a fresh SQLite store.\n\n");
        SyncThroughput.Result t = r.throughput();
        if (t == null) {
            b.append("Records synced: **failed**: ").append(r.throughputFailed()).append("\n");
        } else {
            b.append(String.format("**Records synced per second**: %,d changes made by the CRMs' users (%,d creates, %,d updates, spread over the "
                    + "three), at most %d on their way at once (one per record); a change counts as synced when all three CRMs hold its "
                    + "values. Latency: from the change to its values being in every CRM (a closed loop at the window: it includes the "
                    + "queue). Loops: writes in the %.0f s after the sync went quiet. Writes per change: creates and updates the gateway made "
                    + "(2 when each change is written once to each other CRM).%n%n", t.changes(), t.creates(), t.updates(), t.window(),
                    r.loopWindowSeconds()));
            b.append("| records synced/s | latency p50 / p90 / p99 / max (ms) | synced | loops | duplicate records | writes per change | sync outcomes | machine CPU busy / iowait / stolen | CPU: this JVM (JIT, GC) / PostgreSQL / other processes |\n");
            b.append("|---:|---|---:|---:|---:|---:|---|---|---|\n");
            SystemProbe.Usage u = t.usage();
            b.append(String.format("| **%,.0f** | %.0f / %.0f / %.0f / %.0f | %,d of %,d | %d | %d | %.2f | %s | %s%% / %s%% / %s%% | %s |%n",
                    t.recordsPerSecond(), t.latency().p50(), t.latency().p90(), t.latency().p99(), t.latency().max(), t.synced(), t.changes(),
                    t.loops(), t.duplicates(), t.writesPerChange(), new TreeMap<>(t.outcomes()), u.machineCpuBusyPercent(),
                    u.machineIowaitPercent(), u.machineStealPercent(), Report.cpuSplit(u)));
        }
        SyncReconcile.Result c = r.reconcile();
        if (c == null) return b.append("\nReconciliation: **failed**: ").append(r.reconcileFailed()).append("\n").toString();
        b.append(String.format("%n**Reconciliation of %,d records**: seeded as agreed into the store (direct inserts) and into the three CRMs, "
                + "then drifted: %s. One run lists every CRM (pages of 1,000), compares every record with the agreed state and repairs "
                + "through the pipeline; once the repairs were delivered, a second run must find every record consistent. The heap is the "
                + "whole JVM's: before the run it holds the three CRMs' records (after a full GC); \"most after a GC\" is the most in use "
                + "after any collection during the run, what the run held near enough; the peak includes garbage.%n%n",
                c.records(), c.driftDescription()));
        b.append("| run | wall time | records compared | records/s | findings (drifted) | counts | consistent | heap before / most after a GC / peak / allocated by the run | machine CPU busy / stolen | CPU: this JVM / other processes |\n");
        b.append("|---|---:|---:|---:|---|---|---:|---|---|---|\n");
        for (SyncReconcile.Run x : List.of(c.first(), c.second())) {
            if (x == null) continue;
            b.append(String.format("| %s | %.2f s | %,d | **%,.0f** | %,d (%,d) | %s | %.2f%% | %,d / %,d / %,d / %,d MiB | %s%% / %s%% | %s%% / %s%% |%n", x.what(),
                    x.seconds(), x.records(), x.recordsPerSecond(), x.findings(), x.drifted(), new TreeMap<>(x.counts()), x.consistentRatio() * 100,
                    x.heapBeforeMiB(), x.heapAfterGcMiB(), x.heapPeakMiB(), x.allocatedMiB(), x.usage().machineCpuBusyPercent(), x.usage().machineStealPercent(),
                    x.usage().jvmCpuPercentOfMachine(), x.usage().otherCpuPercentOfMachine()));
        }
        b.append(String.format("%nSeeding took %.1f s (not measured); every repair was delivered %.1f s after the first run ended (%,d writes from its start).%n",
                c.seedSeconds(), c.repairSeconds(), c.repairWrites()));
        return b.toString();
    }
}
