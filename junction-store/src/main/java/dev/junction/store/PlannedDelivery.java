package dev.junction.store;

import java.time.Instant;

/**
 * A delivery to create with a message.
 *
 * @param orderingKey   deliveries of one key to one destination go one at a time, in order; null for none
 * @param skipDeadOnKey when true a dead delivery does not hold back the rest of its key
 * @param lease         when not null, the ingesting node asks to send this delivery itself: the store writes it
 *                      already leased (IN_FLIGHT) to {@code lease.owner()}, unless it has an ordering key or its
 *                      destination or source is paused, and returns it in {@link IngestOutcome#leased()}
 */
public record PlannedDelivery(String destination, String orderingKey, boolean skipDeadOnKey, Lease lease) {

    /** A lease taken at ingest: the node that stored the event sends it without a separate claim. */
    public record Lease(String owner, Instant until) {}

    public PlannedDelivery(String destination, String orderingKey, boolean skipDeadOnKey) {
        this(destination, orderingKey, skipDeadOnKey, null);
    }

    public static PlannedDelivery unordered(String destination) {
        return new PlannedDelivery(destination, null, false);
    }

    public PlannedDelivery withLease(Lease lease) {
        return new PlannedDelivery(destination, orderingKey, skipDeadOnKey, lease);
    }
}
