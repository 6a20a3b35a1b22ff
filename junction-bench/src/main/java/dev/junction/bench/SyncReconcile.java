package dev.junction.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.junction.engine.sync.FieldValue;
import dev.junction.engine.sync.ReconcileReport;
import dev.junction.engine.sync.Reconciler;
import dev.junction.engine.sync.SyncRecord;
import dev.junction.engine.sync.SyncRecordJson;
import dev.junction.engine.sync.SystemCopy;
import dev.junction.server.Gateway;
import dev.junction.server.config.ConfigLoader;
import dev.junction.server.demo.crm.CrmSimulator;
import dev.junction.server.demo.crm.SyncedCrmConfig;
import dev.junction.store.jdbc.Stores;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One reconciliation of a sync of many records: {@code records} contacts are seeded into the three CRMs and, as agreed
 * (each CRM's values seen, its id in the crosswalk), straight into the store's sync tables in a few large transactions;
 * then a known share drifts: 1% edited in crm-a where no webhook told, 0.5% deleted in crm-c, and 0.2% as many new
 * contacts made in crm-b only. The run must find exactly those, and once its repairs were delivered a second run must
 * find every record consistent.
 */
final class SyncReconcile {

    record Run(String what, double seconds, long records, double recordsPerSecond, long findings, long drifted, Map<String, Long> counts,
               double consistentRatio, long heapBeforeMiB, long heapAfterGcMiB, long heapPeakMiB, long allocatedMiB, SystemProbe.Usage usage) {}

    record Result(int records, String driftDescription, double seedSeconds, Run first, double repairSeconds, long repairWrites, Run second,
                  int duplicates, List<String> problems) {}

    private static final String SYNC = "contacts";
    private static final List<String> FIELDS = List.of("email", "first_name", "last_name", "phone", "company");
    private static final int BATCH = 5_000;

    private SyncReconcile() {}

    static Result run(Target target, int records, SyncPhase.Settle settle, PrintStream log) throws Exception {
        Stores.open(target.storeUrl(), null, null).close();
        Map<String, CrmSimulator> crms = SyncPhase.simulators();
        try {
            long started = System.nanoTime();
            seed(target, crms, records);
            double seedSeconds = (System.nanoTime() - started) / 1e9;
            Thread.sleep(20); // every drift below is stamped later than the seeded records
            Map<String, Long> drift = drift(crms, records);
            long drifted = drift.values().stream().mapToLong(Long::longValue).sum();
            String description = String.format("%,d edited in crm-a without a webhook, %,d deleted in crm-c, %,d new in crm-b only",
                    drift.get("differs/change"), drift.get("missing/recreated"), drift.get("unknown/change"));
            log.printf("  seeded %,d records into the store and 3 CRMs in %.1f s; drifted %s%n", records, seedSeconds, description);
            String yaml = SyncedCrmConfig.yaml(target.storeUrl(), crms, 1000);
            try (Gateway gateway = Gateway.start(ConfigLoader.parse(yaml, "bench-sync.yaml", Map.of()), Clock.systemUTC(), Map.of())) {
                crms.forEach((name, crm) -> crm.webhookUrl("http://127.0.0.1:" + gateway.port() + SyncedCrmConfig.hooksPath(name)));
                List<String> problems = new ArrayList<>();
                // Repairs are delivered while the run goes on: count the writes from its start.
                long writesBefore = SyncPhase.writes(crms);
                Run first = reconcile(gateway, "drifted", drifted, log);
                if (first.findings() != drifted || !first.counts().equals(drift)) {
                    problems.add("found " + first.findings() + " " + first.counts() + ", drifted " + drifted + " " + drift);
                }
                long expected = 2 * drift.get("differs/change") + drift.get("missing/recreated") + 2 * drift.get("unknown/change");
                long repairStarted = System.nanoTime();
                long until = repairStarted + settle.deadline().toNanos();
                while (SyncPhase.writes(crms) - writesBefore < expected && System.nanoTime() < until) TimeUnit.MILLISECONDS.sleep(20);
                double repairSeconds = (System.nanoTime() - repairStarted) / 1e9;
                if (!settle.quiet(crms)) problems.add("the repairs did not settle");
                long repairWrites = SyncPhase.writes(crms) - writesBefore;
                Run second = reconcile(gateway, "after the repairs", 0, log);
                if (second.consistentRatio() < 1.0) problems.add("after the repairs " + second.findings() + " finding(s) " + second.counts());
                int duplicates = crms.values().stream().mapToInt(CrmSimulator::duplicates).sum();
                if (duplicates != 0) problems.add(duplicates + " duplicate record(s)");
                return new Result(records, description, seedSeconds, first, repairSeconds, repairWrites, second, duplicates, problems);
            }
        } finally {
            crms.values().forEach(CrmSimulator::close);
        }
    }

    /** Each contact created in every CRM (no webhook URL yet: nothing announced), and its agreed record inserted with its crosswalk. */
    private static void seed(Target target, Map<String, CrmSimulator> crms, int records) throws Exception {
        try (Connection c = DriverManager.getConnection(target.jdbcUrl());
             PreparedStatement record = c.prepareStatement("INSERT INTO sync_records (sync, match_key, version, state, updated_at) VALUES (?, ?, 1, ?, ?)");
             PreparedStatement link = c.prepareStatement("INSERT INTO sync_links (sync, match_key, system, system_id, create_pending) VALUES (?, ?, ?, ?, 0)")) {
            c.setAutoCommit(false);
            for (int i = 0; i < records; i++) {
                String email = "r" + i + "@example.com";
                Map<String, String> fields = Map.of("email", email, "first_name", "First" + i, "last_name", "Last" + i, "phone", "+1555" + i,
                        "company", "Company" + (i % 97));
                Map<String, JsonNode> seen = new LinkedHashMap<>();
                for (String f : FIELDS) seen.put("/" + f, TextNode.valueOf(fields.get(f)));
                Map<String, SystemCopy> systems = new LinkedHashMap<>();
                Instant agreedAt = null;
                for (Map.Entry<String, CrmSimulator> e : crms.entrySet()) {
                    ObjectNode created = e.getValue().create(fields);
                    Instant updated = Instant.parse(created.path("updated_at").asText());
                    if (agreedAt == null) agreedAt = updated;
                    systems.put(e.getKey(), new SystemCopy(seen, Map.of(), updated));
                    link.setString(1, SYNC);
                    link.setString(2, email);
                    link.setString(3, e.getKey());
                    link.setString(4, created.path("id").asText());
                    link.addBatch();
                }
                Map<String, FieldValue> agreed = new LinkedHashMap<>();
                for (String f : FIELDS) agreed.put("/" + f, new FieldValue(seen.get("/" + f), "crm-a", agreedAt));
                record.setString(1, SYNC);
                record.setString(2, email);
                record.setString(3, SyncRecordJson.write(new SyncRecord(agreed, Set.of(), systems)));
                record.setLong(4, agreedAt.toEpochMilli());
                record.addBatch();
                if ((i + 1) % BATCH == 0 || i == records - 1) {
                    record.executeBatch();
                    link.executeBatch();
                    c.commit();
                }
            }
        }
    }

    /** Makes the drift and returns how much of each kind, as a reconciliation's counts name them. */
    private static Map<String, Long> drift(Map<String, CrmSimulator> crms, int records) {
        long edited = 0;
        long deleted = 0;
        for (int i = 0; i < records; i++) {
            String email = "r" + i + "@example.com";
            if (i % 100 == 1) {
                CrmSimulator a = crms.get("crm-a");
                a.edit(a.findByEmail(email).getFirst().path("id").asText(), "last_name", "Drifted" + i);
                edited++;
            } else if (i % 200 == 7) {
                CrmSimulator c = crms.get("crm-c");
                c.delete(c.findByEmail(email).getFirst().path("id").asText());
                deleted++;
            }
        }
        long added = Math.max(1, records / 500);
        for (int i = 0; i < added; i++) {
            crms.get("crm-b").create(Map.of("email", "new" + i + "@example.com", "first_name", "New" + i, "last_name", "Contact" + i));
        }
        Map<String, Long> drift = new java.util.TreeMap<>();
        drift.put("differs/change", edited);
        drift.put("missing/recreated", deleted);
        drift.put("unknown/change", added);
        return drift;
    }

    /**
     * One reconciliation, timed; the heap: in use before (after a full GC), the most in use after any GC during the run
     * (what the run held, near enough: collections come often at this allocation rate), the most in use at all (sampled
     * every 10 ms, garbage included), and what the calling thread allocated.
     */
    private static Run reconcile(Gateway gateway, String what, long drifted, PrintStream log) throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long heapBefore = memory.getHeapMemoryUsage().getUsed();
        AtomicLong peak = new AtomicLong(heapBefore);
        Thread sampler = Thread.ofPlatform().daemon().name("bench-heap-sampler").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    TimeUnit.MILLISECONDS.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        AtomicLong afterGc = new AtomicLong(heapBefore);
        Set<String> heapPools = new java.util.HashSet<>();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) if (pool.getType() == MemoryType.HEAP) heapPools.add(pool.getName());
        NotificationListener gcs = (n, handback) -> {
            if (!n.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) return;
            long used = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()).getGcInfo().getMemoryUsageAfterGc().entrySet()
                    .stream().filter(e -> heapPools.contains(e.getKey())).mapToLong(e -> e.getValue().getUsed()).sum();
            afterGc.accumulateAndGet(used, Math::max);
        };
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) ((NotificationEmitter) gc).addNotificationListener(gcs, null, null);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
        SystemProbe.Snapshot before = SystemProbe.snapshot();
        long started = System.nanoTime();
        Reconciler.Result result = gateway.pipeline().reconciler().reconcile(SYNC);
        double seconds = (System.nanoTime() - started) / 1e9;
        SystemProbe.Usage usage = SystemProbe.since(before);
        long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
        sampler.interrupt();
        sampler.join();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) ((NotificationEmitter) gc).removeNotificationListener(gcs);
        if (!(result instanceof Reconciler.Result.Done done)) throw new IllegalStateException("the reconciliation did not run: " + result);
        ReconcileReport report = done.report();
        long findings = report.counts().values().stream().mapToLong(Long::longValue).sum();
        Run run = new Run(what, seconds, report.records(), report.records() / seconds, findings, drifted, report.counts(), report.ratio(),
                heapBefore >> 20, afterGc.get() >> 20, peak.get() >> 20, allocated >> 20, usage);
        log.printf("  reconciliation, %s: %,d records in %.2f s (%,.0f records/s), %,d findings %s, %.2f%% consistent; heap %,d MiB before, "
                        + "at most %,d MiB after a GC, peak %,d MiB, %,d MiB allocated; cpu %.0f%%%n", what, report.records(), seconds, run.recordsPerSecond(), findings,
                report.counts(), report.ratio() * 100, run.heapBeforeMiB(), run.heapAfterGcMiB(), run.heapPeakMiB(), run.allocatedMiB(), usage.machineCpuBusyPercent());
        return run;
    }
}
