package dev.junction.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The durable log and the delivery queue in one database. Every method is one transaction; time is
 * passed in, so callers decide the clock. A method that returns has committed durably.
 */
public interface Store extends AutoCloseable {

    /**
     * Stores a message and one PENDING delivery per destination, in one transaction, unless a message
     * from the same source with the same dedupe key exists: then nothing is written and the original's
     * id is returned as a duplicate.
     */
    IngestOutcome ingest(NewMessage message, List<String> destinations, java.util.function.Supplier<String> deliveryIds);

    /**
     * Leases up to {@code limit} deliveries that are due (PENDING with next attempt at or before now) or
     * whose lease expired (IN_FLIGHT, lease until at or before now) to {@code owner} until now + lease.
     * Deliveries to paused destinations (none yet) are not claimed.
     */
    List<ClaimedDelivery> claimDue(String owner, Instant now, Duration lease, int limit);

    /**
     * Records an attempt and moves the delivery on, if {@code owner} still holds its lease. Returns false
     * (and records the attempt only) when the lease was lost to another worker.
     */
    boolean complete(String owner, AttemptRecord attempt, Completion next, Instant now);

    /** Releases a claimed delivery without spending an attempt (e.g. on shutdown), due again at {@code at}. */
    void release(String owner, String deliveryId, Instant at, Instant now);

    /** When the earliest PENDING delivery is due, if any: lets idle workers sleep exactly as long as needed. */
    Optional<Instant> nextDueAt();

    List<DeliveryView> deadLetters(Optional<String> destination, Optional<String> afterId, int limit);

    /** Moves a dead delivery back to PENDING, due now; its id and message (so its webhook-id) are kept. */
    boolean replay(String deliveryId, Instant now);

    /** Replays every dead delivery of a destination; returns how many. */
    int replayAll(String destination, Instant now);

    Optional<DeliveryView> delivery(String deliveryId);

    List<DeliveryView> deliveriesOf(String messageId);

    Optional<StoredMessage> message(String messageId);

    List<AttemptRecord> attempts(String deliveryId);

    StoreStats stats();

    /** True when the database answers a trivial query. */
    boolean ping();

    @Override
    void close();
}
