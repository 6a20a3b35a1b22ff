package dev.junction.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.engine.sync.Outcome;
import dev.junction.engine.sync.SyncMetrics;
import dev.junction.server.Gateway;
import dev.junction.server.config.ConfigLoader;
import dev.junction.server.demo.crm.CrmSimulator;
import dev.junction.server.demo.crm.SyncedCrmConfig;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * Records synced per second across three simulated CRMs kept in step by a gateway (the {@code junction demo crm}
 * wiring, {@link SyncedCrmConfig}, without its faults): a stream of creates and updates made by the CRMs' own users,
 * spread over all three, at most {@code window} of them not yet everywhere. A change counts as synced when all three
 * CRMs hold its values; its latency runs from the moment it was made. One change per record is on its way at a time
 * (an edit of a record still syncing picks another record), so no two edits cross and every change must arrive.
 */
final class SyncThroughput {

    /** @param writesPerChange creates and updates the gateway made on the CRMs per change (2: one per other CRM) */
    record Result(int changes, int creates, int updates, int window, double seconds, double recordsPerSecond, Latency latency,
                  long synced, long loops, int duplicates, double writesPerChange, Map<String, Long> outcomes, SystemProbe.Usage usage) {}

    private static final List<String> EDITED = List.of("first_name", "last_name", "phone");

    private final Map<String, CrmSimulator> crms;
    private final SyncPhase.Settle settle;
    private final PrintStream log;
    private final Random random = new Random(16);
    private final List<String> names;
    private final List<String> emails = new ArrayList<>();
    /** Changes made and not yet everywhere, by email: one per record. */
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final ConcurrentHistogram histogram = Latency.histogram();
    private final AtomicLong synced = new AtomicLong();
    private volatile long lastSyncedNanos;

    private record Pending(String system, String email, Map<String, String> fields, long madeNanos) {}

    SyncThroughput(Map<String, CrmSimulator> crms, SyncPhase.Settle settle, PrintStream log) {
        this.crms = crms;
        this.settle = settle;
        this.log = log;
        this.names = new ArrayList<>(crms.keySet());
    }

    /** Starts a gateway on {@code target} for the CRMs, runs a warm-up stream, then the measured one. */
    static Result run(Target target, int changes, int warmup, int window, SyncPhase.Settle settle, PrintStream log) throws Exception {
        Map<String, CrmSimulator> crms = SyncPhase.simulators();
        try {
            String yaml = SyncedCrmConfig.yaml(target.storeUrl(), crms, 1000);
            try (Gateway gateway = Gateway.start(ConfigLoader.parse(yaml, "bench-sync.yaml", Map.of()), Clock.systemUTC(), Map.of())) {
                crms.forEach((name, crm) -> crm.webhookUrl("http://127.0.0.1:" + gateway.port() + SyncedCrmConfig.hooksPath(name)));
                SyncThroughput t = new SyncThroughput(crms, settle, log);
                if (warmup > 0) {
                    t.stream(warmup, window, null);
                    if (!settle.quiet(crms)) throw new IllegalStateException("the warm-up stream did not settle");
                    t.reset();
                }
                return t.measure(gateway, changes, window);
            }
        } finally {
            crms.values().forEach(CrmSimulator::close);
        }
    }

    private void reset() {
        histogram.reset();
        synced.set(0);
    }

    private Result measure(Gateway gateway, int changes, int window) throws Exception {
        long writesBefore = SyncPhase.writes(crms);
        SyncMetrics metrics = gateway.pipeline().syncMetrics().orElseThrow();
        Map<String, Long> outcomesBefore = outcomes(metrics);
        SystemProbe.Snapshot before = SystemProbe.snapshot();
        long started = System.nanoTime();
        int[] made = new int[2];
        stream(changes, window, made);
        SystemProbe.Usage usage = SystemProbe.since(before);
        double seconds = (lastSyncedNanos - started) / 1e9;
        if (!settle.quiet(crms)) throw new IllegalStateException("the sync did not settle after the stream");
        long writes = SyncPhase.writes(crms) - writesBefore;
        long loops = settle.loops(crms);
        int duplicates = crms.values().stream().mapToInt(CrmSimulator::duplicates).sum();
        Map<String, Long> outcomes = new LinkedHashMap<>();
        outcomes(metrics).forEach((k, v) -> outcomes.put(k, v - outcomesBefore.getOrDefault(k, 0L)));
        Latency latency = Latency.of(histogram);
        Result r = new Result(changes, made[0], made[1], window, seconds, synced.get() / seconds, latency, synced.get(), loops, duplicates,
                (double) writes / changes, outcomes, usage);
        log.printf("  %,d changes (%,d creates, %,d updates), at most %d on their way: %,.0f records synced/s; latency p50 %.0f ms, p99 %.0f ms; "
                        + "loops %d, duplicates %d, %.2f writes per change; cpu %.0f%% (JVM %.0f%%)%n", changes, made[0], made[1], window,
                r.recordsPerSecond(), latency.p50(), latency.p99(), loops, duplicates, r.writesPerChange(), usage.machineCpuBusyPercent(),
                usage.jvmCpuPercentOfMachine());
        return r;
    }

    private static Map<String, Long> outcomes(SyncMetrics metrics) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (Outcome o : Outcome.values()) {
            long n = 0;
            for (String s : List.of("crm-a", "crm-b", "crm-c")) n += (long) metrics.changes("contacts", s, o);
            m.put(o.label(), n);
        }
        return m;
    }

    /**
     * Makes {@code changes} changes, never more than {@code window} on their way, and waits until every one is everywhere.
     *
     * @param made creates and updates made, when not null
     */
    private void stream(int changes, int window, int[] made) throws InterruptedException {
        Semaphore room = new Semaphore(window);
        Thread looker = Thread.ofPlatform().name("bench-sync-looker").start(() -> look(room));
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60 + changes / 20);
            for (int i = 0; i < changes; i++) {
                if (!room.tryAcquire(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    throw new IllegalStateException(pending.size() + " changes did not reach every CRM in time (made " + i + ")");
                }
                boolean create = change(names.get(i % names.size()));
                if (made != null) made[create ? 0 : 1]++;
            }
            while (!pending.isEmpty()) {
                if (System.nanoTime() > deadline) throw new IllegalStateException(pending.size() + " changes did not reach every CRM in time");
                TimeUnit.MILLISECONDS.sleep(5);
            }
        } finally {
            looker.interrupt();
            looker.join();
        }
    }

    /** One change by a user of {@code system}: a new contact while there are few or by chance (1 in 4), else an edit of one not syncing. */
    private boolean change(String system) {
        CrmSimulator crm = crms.get(system);
        String email = emails.size() < 50 || random.nextInt(4) == 0 ? null : idle();
        if (email == null) {
            email = "sync" + emails.size() + "@example.com";
            int n = emails.size();
            Map<String, String> fields = Map.of("email", email, "first_name", "First" + n, "last_name", "Last" + n, "phone", "+1555" + n,
                    "company", "Company" + (n % 7));
            pending.put(email, new Pending(system, email, fields, System.nanoTime()));
            emails.add(email);
            crm.create(fields);
            return true;
        }
        String field = EDITED.get(random.nextInt(EDITED.size()));
        Map<String, String> fields = Map.of(field, field + "-" + random.nextInt(1_000_000_000));
        ObjectNode record = crm.findByEmail(email).getFirst();
        pending.put(email, new Pending(system, email, fields, System.nanoTime()));
        crm.edit(record.path("id").asText(), fields);
        return false;
    }

    /** A contact with no change on its way, or null when ten picks found none. */
    private String idle() {
        for (int tries = 0; tries < 10; tries++) {
            String email = emails.get(random.nextInt(emails.size()));
            if (!pending.containsKey(email)) return email;
        }
        return null;
    }

    /**
     * Until interrupted, every 10 ms: every change that every CRM now holds is counted, its latency recorded, its room given
     * back. (Looking every 2 ms took a tenth of this JVM's CPU in a profile, from the gateway it measures.)
     */
    private void look(Semaphore room) {
        Set<String> done = new HashSet<>();
        while (!Thread.currentThread().isInterrupted()) {
            long now = System.nanoTime();
            for (Pending p : pending.values()) {
                if (!everywhere(p)) continue;
                Latency.record(histogram, now - p.madeNanos());
                done.add(p.email());
            }
            if (!done.isEmpty()) {
                lastSyncedNanos = now;
                done.forEach(pending::remove);
                synced.addAndGet(done.size());
                room.release(done.size());
                done.clear();
            }
            try {
                TimeUnit.MILLISECONDS.sleep(10);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private boolean everywhere(Pending p) {
        for (Map.Entry<String, CrmSimulator> e : crms.entrySet()) {
            if (e.getKey().equals(p.system())) continue;
            List<ObjectNode> found = e.getValue().findByEmail(p.email());
            if (found.isEmpty()) return false;
            for (Map.Entry<String, String> f : p.fields().entrySet()) {
                if (!f.getValue().equals(found.getFirst().path(f.getKey()).asText(null))) return false;
            }
        }
        return true;
    }
}
