package dev.junction.engine.deliver;

import dev.junction.core.config.DestinationSpec;
import dev.junction.store.ClaimedDelivery;

/**
 * One kind of destination (HTTP, RabbitMQ, NATS): makes one attempt at a delivery and says how it went.
 * Everything around the attempt (retries, guards, ordering, pause, the attempts log, dead letters) is
 * the dispatcher's and the same for every kind.
 */
public interface Sender extends AutoCloseable {

    /**
     * Sends one attempt and waits for its outcome, at most the destination's timeout. Never throws: a
     * failure comes back as {@link SendResult#failure}, so there is always an attempt to record.
     */
    SendResult send(ClaimedDelivery delivery, DestinationSpec destination);

    /** Closes the kind's connections; deliveries still in flight fail (and are retried). */
    @Override
    void close();
}
