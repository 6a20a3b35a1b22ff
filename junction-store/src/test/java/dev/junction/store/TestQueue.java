package dev.junction.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/** Shorthands tests use on the store's roles; production code always says what it skips and plans. */
public final class TestQueue {

    private TestQueue() {}

    /** Appends a message with one unordered delivery per destination. */
    public static IngestOutcome ingest(EventLog log, NewMessage message, List<String> destinations, Supplier<String> deliveryIds) {
        return log.append(message, destinations.stream().map(PlannedDelivery::unordered).toList(), deliveryIds);
    }

    /** Claims due work, skipping no destination. */
    public static List<ClaimedDelivery> claimDue(DeliveryQueue queue, String owner, Instant now, Duration lease, int limit) {
        return queue.claimDue(owner, now, lease, limit, Set.of());
    }

    /** When the next delivery is due, skipping no destination. */
    public static Optional<Instant> nextDueAt(DeliveryQueue queue) {
        return queue.nextDueAt(Set.of());
    }
}
