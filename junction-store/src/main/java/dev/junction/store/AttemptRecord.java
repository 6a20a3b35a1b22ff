package dev.junction.store;

import dev.junction.core.retry.OutcomeClass;
import java.time.Duration;
import java.time.Instant;

/**
 * One try of a delivery.
 *
 * @param status          the HTTP status, or null when no response came back
 * @param error           a short error description (kind: message), or null
 * @param responseExcerpt the first bytes of the response body (of a batch: of this item's result), or null
 * @param batchId         the batch this attempt went in (one request for several deliveries), or null
 */
public record AttemptRecord(String deliveryId, int number, Instant startedAt, Duration duration, OutcomeClass outcome,
                            Integer status, String error, String responseExcerpt, String batchId) {

    /** An attempt of one delivery in a request of its own. */
    public AttemptRecord(String deliveryId, int number, Instant startedAt, Duration duration, OutcomeClass outcome,
                         Integer status, String error, String responseExcerpt) {
        this(deliveryId, number, startedAt, duration, outcome, status, error, responseExcerpt, null);
    }
}
