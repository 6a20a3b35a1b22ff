package dev.junction.client.outbox;

import dev.junction.core.retry.OutcomeClass;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;

/**
 * {@link OutboxMetrics} in a Micrometer registry (an optional dependency: only this class needs it): {@code
 * junction.outbox.attempts} (timer; outcome {@code success}, {@code retryable} or {@code permanent}) and {@code
 * junction.outbox.events} (gauge; state {@code pending} or {@code dead}, counted in the table when read, so across
 * every relay sharing it). Not tagged by destination: destinations may be as many as the service's customers.
 */
public final class MicrometerOutboxMetrics implements OutboxMetrics {

    private final MeterRegistry registry;

    /** Reports to {@code registry}, with the gauges of {@code outbox}'s table. */
    public MicrometerOutboxMetrics(MeterRegistry registry, Outbox outbox) {
        this.registry = registry;
        for (Outbox.State state : new Outbox.State[] {Outbox.State.PENDING, Outbox.State.DEAD}) {
            Gauge.builder("junction.outbox.events", outbox, o -> o.count(state))
                    .description("Outbox events waiting to be sent (pending) or given up on (dead)")
                    .tag("state", state.name().toLowerCase(Locale.ROOT)).strongReference(true).register(registry);
        }
    }

    @Override
    public void attempt(String destination, OutcomeClass outcome, Duration took) {
        Timer.builder("junction.outbox.attempts").description("Sends of outbox events by the relay, by outcome")
                .tag("outcome", outcome.name().toLowerCase(Locale.ROOT)).register(registry).record(took);
    }
}
