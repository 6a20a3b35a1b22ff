package dev.junction.engine.deliver;

import dev.junction.core.config.DestinationSpec;
import dev.junction.core.retry.DeliveryRefused;
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

    /**
     * Sends one request carrying a batch of deliveries (ADR 0026). Never throws. An HTTP answer's excerpt is its
     * body, as far as {@link HttpSender#BATCH_ANSWER_BYTES}, so that per-item results can be read from it. Only
     * HTTP takes batches (the config reader refuses them elsewhere).
     */
    default SendResult sendBatch(Batch batch, DestinationSpec destination) {
        return SendResult.failure(new DeliveryRefused("kind", "a '" + destination.url().getScheme()
                + "' destination takes no batches", true));
    }

    /**
     * The delivery as it will go out in a batch: a transform may reshape its body, or refuse it (then {@code refused}
     * is its failed attempt and it is left out of the batch). A single delivery is prepared inside {@link #send}.
     */
    default Prepared prepare(ClaimedDelivery delivery) {
        return new Prepared(delivery, null);
    }

    /** A delivery ready to be sent, or the failure that keeps it from being sent ({@code refused} not null). */
    record Prepared(ClaimedDelivery delivery, SendResult refused) {}

    /** Closes the kind's connections; deliveries still in flight fail (and are retried). */
    @Override
    void close();
}
