package dev.junction.engine.observe;

import dev.junction.core.model.DeliveryState;
import dev.junction.core.retry.OutcomeClass;
import dev.junction.engine.ingest.RequestOutcome;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.junction.store.DestinationBacklog;
import dev.junction.store.AdminReads;
import dev.junction.store.StoreStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The pipeline's RED metrics: ingest by source and outcome, events no route took, attempts by destination and outcome class,
 * their latencies as histograms, and backlog gauges read from the store at scrape time.
 */
public final class PipelineMetrics {

    private final MeterRegistry registry;
    /** What function counters read: Micrometer holds it weakly, and a method reference has no other holder. */
    private final List<LongSupplier> read = new java.util.concurrent.CopyOnWriteArrayList<>();

    public PipelineMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public static PipelineMetrics inMemory() {
        return new PipelineMetrics(new SimpleMeterRegistry());
    }

    public MeterRegistry registry() { return registry; }

    /**
     * Registers every series whose labels are known from the configuration at 0, so that {@code rate()}
     * and alerts have something to read before the first event: each source (and the unknown bucket) with
     * each ingest outcome, each destination with each attempt outcome and its likely status classes, and
     * the latency histograms.
     */
    public void declare(Collection<String> sources, Collection<String> destinations) {
        for (String source : sources) {
            RequestOutcome.ofKnownSource().forEach(outcome -> ingestCounter(source, outcome));
            ingestTimer(source);
            unroutedCounter(source);
        }
        ingestCounter(RequestOutcome.UNKNOWN_SOURCE_BUCKET, RequestOutcome.UNKNOWN_SOURCE);
        ingestTimer(RequestOutcome.UNKNOWN_SOURCE_BUCKET);
        for (String destination : destinations) {
            STATUS_CLASSES.forEach((outcome, statuses) -> statuses.forEach(status -> attemptCounter(destination, outcome, status)));
            attemptTimer(destination);
            for (String to : BREAKER_TARGETS) transitionCounter(destination, to);
        }
    }

    /** {@code source} is a configured source or {@link RequestOutcome#UNKNOWN_SOURCE_BUCKET}; {@code took} null when not timed. */
    public void ingested(String source, RequestOutcome outcome, Duration took) {
        ingestCounter(source, outcome).increment();
        if (took != null) ingestTimer(source).record(took);
    }

    /** An accepted event of {@code source} that no route took: stored without deliveries. */
    public void unrouted(String source) {
        unroutedCounter(source).increment();
    }

    public void attempted(String destination, OutcomeClass outcome, Integer status, Duration took) {
        attemptCounter(destination, outcome, status == null ? "none" : (status / 100) + "xx").increment();
        attemptTimer(destination).record(took);
    }

    public void breakerTransition(String destination, String toState) {
        transitionCounter(destination, toState.toLowerCase(Locale.ROOT)).increment();
    }

    /**
     * How this node's deliveries reached a worker: leased in the transaction that stored their event (the fast path,
     * ADR 0007) or claimed from the queue (after a backlog, a retry, a pause, an ordering key), and the claims made.
     * A falling share of {@code path="ingest"} under steady load means delivery is behind.
     */
    public void dispatch(LongSupplier leasedAtIngest, LongSupplier claimed, LongSupplier claims) {
        read.addAll(List.of(leasedAtIngest, claimed, claims));
        Map.of("ingest", leasedAtIngest, "claim", claimed).forEach((path, count) ->
                FunctionCounter.builder("junction.dispatch.deliveries", count, LongSupplier::getAsLong)
                        .description("Deliveries handed to this node's workers, by how they got there: leased at ingest or claimed from the queue")
                        .tag("path", path).register(registry));
        FunctionCounter.builder("junction.dispatch.claims", claims, LongSupplier::getAsLong)
                .description("Claims of due deliveries this node made (each takes several, or none)").register(registry);
    }

    /**
     * The status classes each attempt outcome is declared with (see OutcomeClassifier): 2xx succeed;
     * 408/425/429, 5xx and connection errors ("none") are retried; other 3xx/4xx and unusable URLs are
     * permanent. Rarer pairs (a 1xx) still count, they only appear on first use.
     */
    private static final Map<OutcomeClass, List<String>> STATUS_CLASSES = Map.of(
            OutcomeClass.SUCCESS, List.of("2xx"),
            OutcomeClass.RETRYABLE, List.of("4xx", "5xx", "none"),
            OutcomeClass.PERMANENT, List.of("3xx", "4xx", "none"));

    /** The breaker states worth a rate from the start; the others (disabled, forced) are operator actions. */
    private static final List<String> BREAKER_TARGETS = List.of("open", "half_open", "closed");

    private Counter ingestCounter(String source, RequestOutcome outcome) {
        return Counter.builder("junction.ingest.requests").description("Inbound webhooks by source and outcome")
                .tag("source", source).tag("outcome", outcome.label()).register(registry);
    }

    private Counter unroutedCounter(String source) {
        return Counter.builder("junction.messages.unrouted").description("Accepted events that no route took (stored without deliveries), by source")
                .tag("source", source).register(registry);
    }

    private Timer ingestTimer(String source) {
        return Timer.builder("junction.ingest.latency").description("Time from request to answer, including the durable commit")
                .tag("source", source).publishPercentileHistogram().register(registry);
    }

    private Counter attemptCounter(String destination, OutcomeClass outcome, String statusClass) {
        return Counter.builder("junction.delivery.attempts").description("Delivery attempts by destination and outcome class")
                .tag("destination", destination).tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                .tag("status", statusClass).register(registry);
    }

    private Timer attemptTimer(String destination) {
        return Timer.builder("junction.delivery.latency").description("Duration of one delivery attempt")
                .tag("destination", destination).publishPercentileHistogram().register(registry);
    }

    private Counter transitionCounter(String destination, String to) {
        return Counter.builder("junction.breaker.transitions").description("Circuit breaker state changes by destination and new state")
                .tag("destination", destination).tag("to", to).register(registry);
    }

    /**
     * Gauges read from the store at scrape time: deliveries by state; per destination the backlog
     * (pending, due now, in flight, dead) and how long the oldest due delivery has waited; and the breaker
     * state. The store is asked at most once a second, however many gauges a scrape reads; while it does not
     * answer the gauges read NaN.
     */
    public void watch(AdminReads store, Supplier<Map<String, String>> breakerStates, Clock clock) {
        Supplier<Optional<StoreStats>> stats = atMostOncePerSecond(store::stats);
        Supplier<Optional<Map<String, DestinationBacklog>>> backlog = atMostOncePerSecond(() -> backlogByDestination(store, clock.instant()));
        for (DeliveryState state : DeliveryState.values()) {
            Gauge.builder("junction.deliveries", stats, s -> s.get().map(read -> (double) read.deliveries(state)).orElse(Double.NaN)).strongReference(true)
                    .description("Deliveries in the store by state (DEAD = dead letters)").tag("state", state.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
        for (String destination : breakerStates.get().keySet()) {
            Map<String, ToDoubleFunction<DestinationBacklog>> kinds = Map.of("pending", DestinationBacklog::pending,
                    "due", DestinationBacklog::due, "in_flight", DestinationBacklog::inFlight, "dead", DestinationBacklog::dead);
            kinds.forEach((kind, count) -> Gauge.builder("junction.destination.deliveries", backlog,
                            b -> b.get().map(read -> count.applyAsDouble(read.getOrDefault(destination, DestinationBacklog.empty(destination))))
                                    .orElse(Double.NaN))
                    .strongReference(true)
                    .description("A destination's unfinished deliveries: pending (due = the pending ones due now), in flight, dead")
                    .tag("destination", destination).tag("state", kind).register(registry));
            Gauge.builder("junction.destination.oldest.due", backlog, b -> b.get().map(read -> {
                        DestinationBacklog d = read.get(destination);
                        return d == null || d.oldestDueAt() == null ? 0
                                : Math.max(0, Duration.between(d.oldestDueAt(), clock.instant()).toMillis() / 1000.0);
                    }).orElse(Double.NaN))
                    .strongReference(true).baseUnit("seconds")
                    .description("How long the oldest due delivery of a destination has been waiting to be sent (0 when none)")
                    .tag("destination", destination).register(registry);
            Gauge.builder("junction.breaker.state", breakerStates,
                        b -> switch (b.get().getOrDefault(destination, "DISABLED")) {
                            case "CLOSED" -> 0;
                            case "OPEN" -> 1;
                            case "HALF_OPEN" -> 2;
                            default -> -1;
                        })
                // Strong: the supplier is a method reference nobody else holds, and gauges only hold weakly by default.
                .strongReference(true)
                .description("Circuit breaker: 0 closed, 1 open, 2 half-open, -1 none").tag("destination", destination).register(registry);
        }
    }

    /**
     * A failed read is kept for its second too (empty): otherwise every gauge of a scrape asks the store again,
     * and with the database unreachable each waits out the pool's connection timeout (30 s), so a scrape took
     * minutes and the operator lost every metric, the store's errors included, just when they were needed.
     */
    private static <T> Supplier<Optional<T>> atMostOncePerSecond(Supplier<T> read) {
        LoadingCache<Boolean, Optional<T>> last = Caffeine.newBuilder().expireAfterWrite(Duration.ofSeconds(1)).build(k -> {
            try {
                return Optional.of(read.get());
            } catch (RuntimeException e) {
                return Optional.empty(); // the timed store counts the failure (junction_store_operation_seconds, outcome error)
            }
        });
        return () -> last.get(Boolean.TRUE);
    }

    private static Map<String, DestinationBacklog> backlogByDestination(AdminReads store, java.time.Instant now) {
        Map<String, DestinationBacklog> byDestination = new java.util.HashMap<>();
        for (DestinationBacklog b : store.backlog(now)) byDestination.put(b.destination(), b);
        return byDestination;
    }
}
