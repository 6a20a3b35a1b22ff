package dev.junction.engine.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.core.config.DestinationSpec;
import dev.junction.core.config.RouteSpec;
import dev.junction.core.config.SourceSpec;
import dev.junction.core.config.SyncSpec;
import dev.junction.core.model.Ids;
import dev.junction.engine.poll.RecordListing;
import dev.junction.store.Store;
import dev.junction.store.SyncReconciliations;
import dev.junction.store.SyncStates.SyncLink;
import dev.junction.store.SyncStates.SyncRecordRow;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Reconciles a sync (ADR 0028): lists every system's records, compares them by key with the state Junction agreed
 * ({@link Drift}), repairs through the pipeline ({@link Repairs}), and keeps the run's report. One node at a time per
 * sync: the run holds a lease named {@link SyncSpec#reconcileLease()} among the poll sources' leases, renewed before
 * every page it reads.
 */
public final class Reconciler {

    /** What asking for a reconciliation came to. */
    public sealed interface Result {
        record Done(ReconcileReport report) implements Result {}

        record Skipped(String reason) implements Result {}
    }

    /** Records read from the store per query. */
    private static final int PAGE = 1000;
    /** Missing linked records a listing may lack and still be believed, whatever the share. */
    static final int BELIEVED_MISSING = 1;

    private final Map<String, SyncSpec> syncs;
    private final Map<String, SourceSpec> sources;
    private final Map<String, DestinationSpec> destinations;
    private final Store store;
    private final HttpClient http;
    private final Clock clock;
    private final Ids ids;
    private final String node;
    private final Duration lease;
    private final Runnable newWork;
    private final Map<String, ReentrantLock> running = new ConcurrentHashMap<>();
    private volatile Supplier<SyncMetrics> metrics = SyncMetrics::inMemory;

    /**
     * @param http    the client that lists the systems' records; may be null when there are no syncs
     * @param newWork told when repairs were appended, so the dispatcher looks for them now
     */
    public Reconciler(Map<String, SyncSpec> syncs, Map<String, SourceSpec> sources, Map<String, DestinationSpec> destinations, Store store,
                      HttpClient http, Clock clock, Ids ids, String node, Duration lease, Runnable newWork) {
        this.syncs = Map.copyOf(syncs);
        this.sources = Map.copyOf(sources);
        this.destinations = Map.copyOf(destinations);
        this.store = store;
        this.http = http;
        this.clock = clock;
        this.ids = ids;
        this.node = node;
        this.lease = lease;
        this.newWork = newWork;
    }

    /** Publishes each run's ratio in {@code metrics}. */
    public void metrics(SyncMetrics metrics) {
        this.metrics = () -> metrics;
    }

    public Map<String, SyncSpec> syncs() {
        return syncs;
    }

    /**
     * When the sync's latest recorded run ended, whichever node (or {@code junction reconcile}) made it. Its ratio is
     * published as this node's too: in a cluster one node runs each interval, and every node's gauge says the latest run.
     */
    public Optional<Instant> lastRun(String sync) {
        Optional<SyncReconciliations.Reconciliation> latest = store.latestReconciliation(sync);
        latest.ifPresent(r -> metrics.get().consistency(sync, ReconcileReport.ratio(r.records(), r.consistent())));
        return latest.map(SyncReconciliations.Reconciliation::finishedAt);
    }

    /** @throws IllegalArgumentException for a sync not configured */
    public Result reconcile(String sync) throws InterruptedException {
        return reconcile(sync, () -> true);
    }

    /**
     * Reconciles the sync if {@code due} still says so once this node holds its lease: a node that found a run due
     * just before another node's run ended skips it rather than run it again.
     *
     * @throws IllegalArgumentException for a sync not configured
     */
    public Result reconcile(String sync, BooleanSupplier due) throws InterruptedException {
        SyncSpec spec = syncs.get(sync);
        if (spec == null) throw new IllegalArgumentException("no sync '" + sync + "'" + (syncs.isEmpty() ? ": none is configured"
                : " (syncs: " + String.join(", ", new TreeSet<>(syncs.keySet())) + ")"));
        ReentrantLock lock = running.computeIfAbsent(sync, s -> new ReentrantLock());
        if (!lock.tryLock()) return new Result.Skipped("a reconciliation of " + sync + " is already running here");
        try {
            if (!hold(spec)) return new Result.Skipped(sync + " is being reconciled by another node");
            try {
                if (!due.getAsBoolean()) return new Result.Skipped(sync + " was reconciled meanwhile");
                ReconcileReport report = run(spec);
                store.saveReconciliation(new SyncReconciliations.Reconciliation(report.id(), sync, node, report.startedAt(), report.finishedAt(),
                        report.records(), report.consistent(), report.json()));
                metrics.get().consistency(sync, report.ratio());
                return new Result.Done(report);
            } finally {
                store.releasePollLease(spec.reconcileLease(), node);
            }
        } finally {
            lock.unlock();
        }
    }

    private boolean hold(SyncSpec spec) {
        return store.acquirePollLease(spec.reconcileLease(), node, clock.instant(), lease);
    }

    private ReconcileReport run(SyncSpec spec) throws InterruptedException {
        Instant started = clock.instant();
        String runId = ids.next("rec");
        Map<String, SyncRecordRow> rows = new HashMap<>();
        Map<String, Map<String, String>> crosswalk = new HashMap<>();
        java.util.Set<String> tombstones = new java.util.HashSet<>();
        String after = null;
        for (List<SyncRecordRow> page; !(page = store.syncRecords(spec.name(), after, PAGE)).isEmpty(); after = page.get(page.size() - 1).key()) {
            for (SyncRecordRow row : page) {
                rows.put(row.key(), row);
                if (SyncRecordJson.read(row.state()).isDeleted()) tombstones.add(row.key());
                row.links().forEach((system, link) -> {
                    if (link.systemId() != null) crosswalk.computeIfAbsent(system, s -> new HashMap<>()).put(link.systemId(), row.key());
                });
            }
        }
        Map<String, Integer> listedCounts = new TreeMap<>();
        Map<String, String> failed = new TreeMap<>();
        // Each system's records, by key, as their JSON bytes: a parsed tree takes several times the memory, for every record of every system.
        Map<String, Map<String, List<byte[]>>> listed = new LinkedHashMap<>();
        TreeSet<String> keys = new TreeSet<>(rows.keySet());
        Map<String, String> withheld = new TreeMap<>();
        for (SyncSpec.SystemSpec system : spec.systems().values()) {
            RecordListing listing = SystemListing.of(system, sources, destinations, http, clock);
            if (listing == null) {
                failed.put(system.name(), "no list source nor list request configured");
                continue;
            }
            List<JsonNode> records;
            try {
                records = listing.all(() -> hold(spec));
            } catch (RecordListing.Failed e) {
                failed.put(system.name(), e.getMessage());
                continue;
            }
            listedCounts.put(system.name(), records.size());
            Map<String, String> ids = crosswalk.getOrDefault(system.name(), Map.of());
            Map<String, List<byte[]>> byKey = new HashMap<>();
            java.util.Set<String> present = new java.util.HashSet<>();
            for (JsonNode record : records) {
                String id = ChangeReader.text(record.at(system.id()));
                if (id != null) present.add(id);
                String key = id == null ? null : ids.get(id);
                if (key == null) key = ChangeReader.text(record.at(spec.match()));
                if (key == null) continue;
                byKey.computeIfAbsent(key, k -> new ArrayList<>(1)).add(ListedRecords.compact(record));
                keys.add(key);
            }
            listed.put(system.name(), byKey);
            unbelievable(ids, present, tombstones).ifPresent(why -> withheld.put(system.name(), why));
        }
        Drift drift = new Drift(spec, listed.keySet(), withheld.keySet());
        Repairs repairs = new Repairs(spec, store, clock, ids, runId);
        long consistent = 0;
        Map<String, Long> counts = new TreeMap<>();
        List<Finding> kept = new ArrayList<>();
        Map<String, String> linkedByFoldedKey = new HashMap<>();
        rows.forEach((k, r) -> {
            if (!systemIds(r).isEmpty()) linkedByFoldedKey.putIfAbsent(RouteSpec.Ordering.foldCase(k), k);
        });
        for (String key : keys) {
            SyncRecordRow row = rows.get(key);
            boolean listedUnderIt = listed.values().stream().anyMatch(byKey -> byKey.containsKey(key));
            if (!listedUnderIt && !tombstones.contains(key) && leftover(key, row, linkedByFoldedKey) && store.forgetSyncRecord(spec.name(), key, row.version())) {
                Finding forgotten = new Finding(key, "", Finding.Kind.DUPLICATE, List.of(spec.match()), Finding.Action.FORGOTTEN);
                counts.merge(forgotten.kind().label() + "/" + forgotten.action().label(), 1L, Long::sum);
                if (kept.size() < ReconcileReport.KEPT) kept.add(forgotten);
                continue;
            }
            SyncRecord record = row == null ? null : SyncRecordJson.read(row.state());
            Map<String, List<JsonNode>> found = new HashMap<>();
            listed.forEach((system, byKey) -> found.put(system, ListedRecords.parse(byKey.remove(key))));
            Drift.Plan plan = drift.of(key, record, row == null ? Map.of() : systemIds(row), found);
            if (plan.consistent() && failed.isEmpty()) consistent++;
            for (Finding f : repairs.make(plan, row, record)) {
                counts.merge(f.kind().label() + "/" + f.action().label(), 1L, Long::sum);
                if (kept.size() < ReconcileReport.KEPT) kept.add(f);
            }
        }
        if (repairs.appended() > 0) newWork.run();
        return new ReconcileReport(runId, spec.name(), node, started, clock.instant(), keys.size(), consistent, listedCounts, failed, counts, kept, withheld);
    }

    /**
     * Whether a listing's missing records may be taken for deletes: not when it is empty while records are linked there,
     * nor when more than one, and more than a tenth, of the linked live records are missing. A listing cut short by a
     * broken page, a filter or an API change must not delete records everywhere; the run reports them as withheld, and
     * a person looks.
     */
    static boolean believable(Map<String, String> linkedIds, java.util.Set<String> present, java.util.Set<String> tombstones) {
        return unbelievable(linkedIds, present, tombstones).isEmpty();
    }

    /** Why a listing's missing records are not taken for deletes, or empty when they are. */
    static java.util.Optional<String> unbelievable(Map<String, String> linkedIds, java.util.Set<String> present, java.util.Set<String> tombstones) {
        long linked = 0;
        long missing = 0;
        for (Map.Entry<String, String> e : linkedIds.entrySet()) {
            if (tombstones.contains(e.getValue())) continue;
            linked++;
            if (!present.contains(e.getKey())) missing++;
        }
        if (linked > 0 && present.isEmpty()) {
            return java.util.Optional.of("the listing is empty while " + linked + " record(s) are linked there");
        }
        if (missing <= BELIEVED_MISSING || missing * 10 <= linked) return java.util.Optional.empty();
        return java.util.Optional.of(missing + " of " + linked + " linked record(s) missing: more than " + BELIEVED_MISSING
                + " and more than a tenth at once");
    }

    /**
     * A record no system holds a copy of (no id, no create pending) whose key another record linked somewhere has
     * ignoring case: the same person, kept twice by a version before keys ignored case (ADR 0051). The caller leaves
     * tombstones out (it knows them from reading the states once).
     */
    private static boolean leftover(String key, SyncRecordRow row, Map<String, String> linkedByFoldedKey) {
        if (row == null || row.links().values().stream().anyMatch(l -> l.systemId() != null || l.createPending())) return false;
        String twin = linkedByFoldedKey.get(RouteSpec.Ordering.foldCase(key));
        return twin != null && !twin.equals(key);
    }

    private static Map<String, String> systemIds(SyncRecordRow row) {
        Map<String, String> ids = new HashMap<>();
        for (Map.Entry<String, SyncLink> e : row.links().entrySet()) if (e.getValue().systemId() != null) ids.put(e.getKey(), e.getValue().systemId());
        return ids;
    }
}
