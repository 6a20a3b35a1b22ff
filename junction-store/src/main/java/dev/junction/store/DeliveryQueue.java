package dev.junction.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The delivery queue: due work is claimed under a lease, attempts are recorded, leases renewed or released.
 * Every method is one transaction; time is passed in; a method that returns has committed durably.
 */
public interface DeliveryQueue extends Pauses {

    /**
     * Leases up to {@code limit} deliveries that are due (PENDING with next attempt at or before now) or
     * whose lease expired (IN_FLIGHT, lease until at or before now) to {@code owner} until now + lease.
     * Leaves deliveries to the {@code skipped} destinations where they are (PENDING, no attempt spent): this node cannot send to them now (breaker
     * open, bulkhead full, out of rate). Paused destinations and sources are always left.
     */
    default List<ClaimedDelivery> claimDue(String owner, Instant now, Duration lease, int limit, Set<String> skipped) {
        return claimDue(owner, now, lease, limit, ClaimScope.everything(skipped));
    }

    /** As above, within {@code scope}: a node that knows only some destinations leaves the others' work to the nodes that have them. */
    List<ClaimedDelivery> claimDue(String owner, Instant now, Duration lease, int limit, ClaimScope scope);

    /**
     * Records an attempt and moves the delivery on, if {@code owner} still holds its lease. Returns false
     * (and records the attempt only) when the lease was lost to another worker. The store numbers the
     * attempt after the delivery's last recorded one, so attempts made after a replay (which resets the
     * delivery's attempt count, i.e. its retry budget) follow the earlier ones instead of replacing them.
     */
    boolean complete(String owner, AttemptRecord attempt, Completion next, Instant now);

    /** One attempt and where its delivery goes next. */
    record Completed(AttemptRecord attempt, Completion next) {}

    /**
     * As {@link #complete} for the deliveries of one batch (one request for several), in one transaction: for
     * each in order, whether its lease was still held.
     */
    List<Boolean> completeAll(String owner, List<Completed> completed, Instant now);

    /**
     * Extends the leases {@code owner} still holds on these deliveries to {@code until}, so a long request
     * is never handed to a second worker while the first is still sending it. Returns how many were renewed.
     */
    int renewLeases(String owner, Collection<String> deliveryIds, Instant until);

    /** Releases a claimed delivery without spending an attempt (e.g. on shutdown), due again at {@code at}. */
    void release(String owner, String deliveryId, Instant at, Instant now);

    /**
     * When the earliest PENDING delivery is due (or the earliest lease expires), leaving out paused work and the
     * {@code skipped} destinations: lets idle workers sleep exactly as long as needed.
     */
    default Optional<Instant> nextDueAt(Set<String> skipped) {
        return nextDueAt(ClaimScope.everything(skipped));
    }

    /** As above, for the deliveries a claim in {@code scope} would take. */
    Optional<Instant> nextDueAt(ClaimScope scope);

    /**
     * Calls {@code onNewWork} when another process or node may have made deliveries due (PostgreSQL:
     * LISTEN/NOTIFY). Best effort: callers keep polling as a fallback. SQLite has one process, so it
     * never calls back. Close the returned handle to stop listening.
     */
    AutoCloseable subscribe(Runnable onNewWork);

    /** Deliveries waiting to be sent (PENDING), from the partial index: cheap enough to poll. */
    long pendingCount();
}
