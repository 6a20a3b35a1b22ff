package dev.junction.engine.poll;

import dev.junction.store.PollState;
import dev.junction.store.PollStates;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.function.BiConsumer;

/**
 * Polls by source and outcome ({@code junction_polls_total}), and how long ago each source's last successful
 * poll was ({@code junction_feed_last_success_age_seconds}, read from the store, so every node of a cluster shows
 * the same figure whichever polls; NaN before the first success): alert on it to catch a feed gone stale.
 */
public final class PollMetrics implements BiConsumer<String, PollResult> {

    private final MeterRegistry registry;

    public PollMetrics(MeterRegistry registry, Collection<String> sources, PollStates store, Clock clock) {
        this.registry = registry;
        for (String source : sources) {
            Gauge.builder("junction_feed_last_success_age_seconds", () -> age(store, source, clock))
                    .description("Seconds since the source's last successful poll").tag("source", source).register(registry);
        }
    }

    @Override
    public void accept(String source, PollResult result) {
        String outcome = switch (result) {
            case PollResult.Done d -> d.record().outcome().label();
            case PollResult.Skipped s -> "skipped";
        };
        Counter.builder("junction_polls_total").description("Polls by source and outcome").tag("source", source).tag("outcome", outcome)
                .register(registry).increment();
    }

    private static double age(PollStates store, String source, Clock clock) {
        try {
            PollState state = store.pollState(source);
            return state.lastSuccessAt() == null ? Double.NaN : Duration.between(state.lastSuccessAt(), clock.instant()).toMillis() / 1000.0;
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
