package dev.junction.engine.deliver;

import dev.junction.core.config.DestinationSpec;
import dev.junction.core.retry.RetrySchedule;
import java.time.Clock;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/** One configured destination on this node: what it is, when to retry it, what guards it, and its lane. */
record DestinationRuntime(String name, DestinationSpec spec, RetrySchedule schedule, DestinationGuard guard, Lane lane, boolean endpoint) {

    /** Metrics of every outbound endpoint go under one label: one series per endpoint would not scale. */
    static final String ENDPOINTS_LABEL = "outbound-endpoints";

    /** The same destination with new settings (an edited endpoint): its retry schedule, guard and lane stay. */
    DestinationRuntime withSpec(DestinationSpec newSpec) {
        return new DestinationRuntime(name, newSpec, schedule, guard, lane, endpoint);
    }

    /** The destination label of its metrics. */
    String metricsLabel() {
        return endpoint ? ENDPOINTS_LABEL : name;
    }

    /**
     * @param workers             the node's workers: a lane never holds more than they could send at once
     * @param onBreakerTransition told the new state's name on every breaker state change
     */
    static DestinationRuntime of(String name, DestinationSpec spec, RandomGenerator random, Clock clock, int workers,
                                 Consumer<String> onBreakerTransition) {
        return of(name, spec, random, clock, workers, onBreakerTransition, false);
    }

    static DestinationRuntime of(String name, DestinationSpec spec, RandomGenerator random, Clock clock, int workers,
                                 Consumer<String> onBreakerTransition, boolean endpoint) {
        DestinationGuard guard = new DestinationGuard(name, spec.guard(), clock, onBreakerTransition);
        return new DestinationRuntime(name, spec, new RetrySchedule(spec.retry(), random), guard,
                new Lane(Math.min(guard.capacity(), workers), spec.batch(), clock), endpoint);
    }
}
