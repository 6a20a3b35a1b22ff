package dev.junction.engine.sync;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * {@code junction_sync_changes_total{sync,system,outcome}} (applied, echo, stale, review, deleted, restored) and
 * {@code junction_sync_writes_total{sync,system,kind,outcome}} (create, update, lookup, delete; the HTTP status class, error,
 * or a lookup's found / not_found).
 */
public final class SyncMetrics {

    public static final String CHANGES = "junction_sync_changes_total";
    public static final String WRITES = "junction_sync_writes_total";
    public static final String REVIEWS_OPEN = "junction_sync_reviews_open";
    public static final String CONSISTENCY = "junction_sync_consistency_ratio";

    private final MeterRegistry registry;
    /** Each sync's latest reconciliation ratio, as its gauge reads it. */
    private final java.util.Map<String, java.util.concurrent.atomic.AtomicReference<Double>> ratios = new java.util.concurrent.ConcurrentHashMap<>();

    public SyncMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counted, but not exposed: until the gateway's registry is set. */
    static SyncMetrics inMemory() {
        return new SyncMetrics(new SimpleMeterRegistry());
    }

    /** {@code junction_sync_reviews_open{sync}}: the review items waiting for a person, read from the store at scrape time. */
    void watchReviews(java.util.Collection<String> syncs, dev.junction.store.SyncStates store) {
        for (String sync : syncs) {
            io.micrometer.core.instrument.Gauge.builder(REVIEWS_OPEN, store, s -> s.syncCounts(sync).openReviews()).strongReference(true)
                    .description("Review items of a two-way sync waiting for a person to decide").tag("sync", sync).register(registry);
        }
    }

    /**
     * Every change series a configured sync can have, at 0 from the start: {@code rate()} and alerts have something to
     * read before the first change, as the ingest and delivery series do.
     */
    public void declare(java.util.Collection<dev.junction.core.config.SyncSpec> syncs) {
        for (dev.junction.core.config.SyncSpec sync : syncs) {
            for (String system : sync.systems().keySet()) {
                for (Outcome outcome : Outcome.values()) changeSeries(sync.name(), system, outcome).register(registry);
            }
        }
    }

    private static Counter.Builder changeSeries(String sync, String system, Outcome outcome) {
        return Counter.builder(CHANGES).description("Changes received by two-way syncs, by what they did")
                .tag("sync", sync).tag("system", system).tag("outcome", outcome.label());
    }

    void change(String sync, String system, Outcome outcome) {
        changeSeries(sync, system, outcome).register(registry).increment();
    }

    void write(String sync, String system, String kind, String outcome) {
        Counter.builder(WRITES).description("Requests two-way syncs made to systems, by kind and outcome")
                .tag("sync", sync).tag("system", system).tag("kind", kind).tag("outcome", outcome).register(registry).increment();
    }

    /** Publishes a reconciliation's ratio: records consistent in every system over records compared. */
    void consistency(String sync, double ratio) {
        ratios.computeIfAbsent(sync, s -> {
            java.util.concurrent.atomic.AtomicReference<Double> value = new java.util.concurrent.atomic.AtomicReference<>(ratio);
            io.micrometer.core.instrument.Gauge.builder(CONSISTENCY, value, v -> v.get())
                    .description("Records consistent in every system over records compared, by the sync's latest reconciliation")
                    .tag("sync", s).register(registry);
            return value;
        }).set(ratio);
    }

    /** The ratio last published for {@code sync}, or NaN before any reconciliation. */
    public double consistency(String sync) {
        io.micrometer.core.instrument.Gauge g = registry.find(CONSISTENCY).tag("sync", sync).gauge();
        return g == null ? Double.NaN : g.value();
    }

    /** A status as its class: 2xx, 4xx, 5xx. */
    static String statusClass(int status) {
        return (status / 100) + "xx";
    }

    public double changes(String sync, String system, Outcome outcome) {
        Counter c = registry.find(CHANGES).tag("sync", sync).tag("system", system).tag("outcome", outcome.label()).counter();
        return c == null ? 0 : c.count();
    }

    public double writes(String sync, String system, String kind) {
        return registry.find(WRITES).tag("sync", sync).tag("system", system).tag("kind", kind).counters().stream()
                .mapToDouble(Counter::count).sum();
    }
}
