package dev.junction.engine.observe;

import dev.junction.core.model.DeliveryState;
import dev.junction.core.retry.OutcomeClass;
import dev.junction.store.Store;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The pipeline's RED metrics: ingest by source and outcome, attempts by destination and outcome class,
 * their latencies as histograms, and backlog gauges read from the store at scrape time.
 */
public final class PipelineMetrics {

    private final MeterRegistry registry;

    public PipelineMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public static PipelineMetrics inMemory() {
        return new PipelineMetrics(new SimpleMeterRegistry());
    }

    public MeterRegistry registry() { return registry; }

    /** outcome: accepted, duplicate, or the rejection reason (bad-signature, too-large, ...). */
    public void ingested(String source, String outcome, Duration took) {
        Counter.builder("junction.ingest.requests").description("Inbound webhooks by source and outcome")
                .tag("source", source).tag("outcome", outcome).register(registry).increment();
        if (took != null) {
            Timer.builder("junction.ingest.latency").description("Time from request to answer, including the durable commit")
                    .tag("source", source).publishPercentileHistogram().register(registry).record(took);
        }
    }

    public void attempted(String destination, OutcomeClass outcome, Integer status, Duration took) {
        Counter.builder("junction.delivery.attempts").description("Delivery attempts by destination and outcome class")
                .tag("destination", destination).tag("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT))
                .tag("status", status == null ? "none" : (status / 100) + "xx").register(registry).increment();
        Timer.builder("junction.delivery.latency").description("Duration of one delivery attempt")
                .tag("destination", destination).publishPercentileHistogram().register(registry).record(took);
    }

    public void breakerTransition(String destination, String toState) {
        Counter.builder("junction.breaker.transitions").description("Circuit breaker state changes by destination and new state")
                .tag("destination", destination).tag("to", toState.toLowerCase(java.util.Locale.ROOT)).register(registry).increment();
    }

    /** Deliveries by state and the breaker state per destination (0 closed, 1 open, 2 half-open, -1 none). */
    public void watch(Store store, Supplier<Map<String, String>> breakerStates) {
        for (DeliveryState state : DeliveryState.values()) {
            Gauge.builder("junction.deliveries", store, s -> s.stats().deliveries(state)).strongReference(true)
                    .description("Deliveries in the store by state (DEAD = dead letters)").tag("state", state.name().toLowerCase(java.util.Locale.ROOT))
                    .register(registry);
        }
        breakerStates.get().keySet().forEach(destination -> Gauge.builder("junction.breaker.state", breakerStates,
                        b -> switch (b.get().getOrDefault(destination, "DISABLED")) {
                            case "CLOSED" -> 0;
                            case "OPEN" -> 1;
                            case "HALF_OPEN" -> 2;
                            default -> -1;
                        })
                // Strong: the supplier is a method reference nobody else holds, and gauges only hold weakly by default.
                .strongReference(true)
                .description("Circuit breaker: 0 closed, 1 open, 2 half-open, -1 none").tag("destination", destination).register(registry));
    }
}
