package dev.junction.client.outbox;

import dev.junction.core.retry.OutcomeClass;
import java.time.Duration;

/**
 * What an {@link OutboxRelay} reports about its sends; {@link #NONE} by default, {@link MicrometerOutboxMetrics} for
 * Micrometer (which also reports how many events are pending and dead).
 */
public interface OutboxMetrics {

    /** Reports nothing. */
    OutboxMetrics NONE = new OutboxMetrics() {};

    /** One send of an event to {@code destination} ended with {@code outcome} after {@code took}. */
    default void attempt(String destination, OutcomeClass outcome, Duration took) {}
}
