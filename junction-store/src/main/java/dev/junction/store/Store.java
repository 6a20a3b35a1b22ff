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
    default IngestOutcome ingest(NewMessage message, List<String> destinations, java.util.function.Supplier<String> deliveryIds) {
        return ingestPlanned(message, destinations.stream().map(PlannedDelivery::unordered).toList(), deliveryIds);
    }

    /** As {@link #ingest}, with per-delivery ordering keys. */
    IngestOutcome ingestPlanned(NewMessage message, List<PlannedDelivery> deliveries, java.util.function.Supplier<String> deliveryIds);

    /**
     * Leases up to {@code limit} deliveries that are due (PENDING with next attempt at or before now) or
     * whose lease expired (IN_FLIGHT, lease until at or before now) to {@code owner} until now + lease.
     * Deliveries of paused destinations and sources are not claimed.
     */
    default List<ClaimedDelivery> claimDue(String owner, Instant now, Duration lease, int limit) {
        return claimDue(owner, now, lease, limit, java.util.Set.of());
    }

    /**
     * As {@link #claimDue(String, Instant, Duration, int)}, but leaves deliveries to the {@code skipped}
     * destinations where they are (PENDING, no attempt spent): this node cannot send to them now (breaker
     * open, bulkhead full, out of rate). Paused destinations and sources are always left.
     */
    List<ClaimedDelivery> claimDue(String owner, Instant now, Duration lease, int limit, java.util.Set<String> skipped);

    /** Pauses a destination or source on every node; idempotent. */
    void pause(Pause.Kind kind, String name, String reason, Instant now);

    /** Lifts a pause; false when there was none. Waiting deliveries become claimable at once. */
    boolean resume(Pause.Kind kind, String name);

    List<Pause> pauses();

    /**
     * Records an attempt and moves the delivery on, if {@code owner} still holds its lease. Returns false
     * (and records the attempt only) when the lease was lost to another worker. The store numbers the
     * attempt after the delivery's last recorded one, so attempts made after a replay (which resets the
     * delivery's attempt count, i.e. its retry budget) follow the earlier ones instead of replacing them.
     */
    boolean complete(String owner, AttemptRecord attempt, Completion next, Instant now);

    /**
     * Extends the leases {@code owner} still holds on these deliveries to {@code until}, so a long request
     * is never handed to a second worker while the first is still sending it. Returns how many were renewed.
     */
    int renewLeases(String owner, java.util.Collection<String> deliveryIds, Instant until);

    /** Releases a claimed delivery without spending an attempt (e.g. on shutdown), due again at {@code at}. */
    void release(String owner, String deliveryId, Instant at, Instant now);

    /** When the earliest PENDING delivery is due, if any: lets idle workers sleep exactly as long as needed. */
    default Optional<Instant> nextDueAt() {
        return nextDueAt(java.util.Set.of());
    }

    /** As {@link #nextDueAt()}, leaving out paused work and the {@code skipped} destinations. */
    Optional<Instant> nextDueAt(java.util.Set<String> skipped);

    /** Dead letters oldest first (a queue), after {@code afterId} when given. */
    default List<DeliveryView> deadLetters(Optional<String> destination, Optional<String> afterId, int limit) {
        return deliveries(DeliveryFilter.ALL.state(dev.junction.core.model.DeliveryState.DEAD).destination(destination.orElse(null)),
                PageRequest.oldestFirst(afterId.orElse(null), limit));
    }

    /** Deliveries matching {@code filter}, one keyset page ordered by id. */
    List<DeliveryView> deliveries(DeliveryFilter filter, PageRequest page);

    /** Messages matching {@code filter}, one keyset page ordered by id, each with its deliveries counted by state. */
    List<MessageSummary> messages(MessageFilter filter, PageRequest page);

    /** Moves a dead delivery back to PENDING, due now; its id and message (so its webhook-id) are kept. */
    boolean replay(String deliveryId, Instant now);

    /** Replays every dead delivery of a destination; returns how many. */
    default int replayAll(String destination, Instant now) {
        return replayDead(DeadLetterFilter.ofDestination(destination), now);
    }

    /** Replays the dead letters matching {@code filter} (oldest first, up to its limit) as {@link #replay} does; returns how many. */
    int replayDead(DeadLetterFilter filter, Instant now);

    /** Messages received, attempts made and deliveries that died since {@code since}, by source and destination. */
    Activity activity(Instant since);

    /**
     * {@code query}'s buckets, oldest first: messages received, attempts by outcome with their latency, deliveries
     * that died, and the backlog at each bucket's end (see {@link SeriesBucket}). Reads only what happened from
     * the series' start on: the backlog is counted back from the backlog now.
     */
    List<SeriesBucket> series(SeriesQuery query);

    Optional<DeliveryView> delivery(String deliveryId);

    List<DeliveryView> deliveriesOf(String messageId);

    Optional<StoredMessage> message(String messageId);

    List<AttemptRecord> attempts(String deliveryId);

    StoreStats stats();

    /** Deliveries waiting to be sent (PENDING), from the partial index: cheap enough to poll. */
    long pendingCount();

    /**
     * Deletes messages received before {@code receivedBefore} whose deliveries all succeeded, with their
     * deliveries and attempts, at most {@code batchSize} messages in one short transaction. Dead and
     * pending work is never touched. Returns how many messages were deleted.
     */
    int pruneSucceeded(Instant receivedBefore, int batchSize);

    /** Deletes one dead delivery and its attempts; false when it is not dead. */
    boolean purgeDeadLetter(String deliveryId);

    /** Deletes every dead delivery (of one destination, if given) and their attempts; returns how many. */
    int purgeDeadLetters(Optional<String> destination);

    /**
     * Calls {@code onNewWork} when another process or node may have made deliveries due (PostgreSQL:
     * LISTEN/NOTIFY). Best effort: callers keep polling as a fallback. SQLite has one process, so it
     * never calls back. Close the returned handle to stop listening.
     */
    AutoCloseable subscribe(Runnable onNewWork);

    /**
     * Unfinished deliveries per destination (pending, due at {@code now}, in flight, dead), read from the
     * partial indexes; destinations with none are left out.
     */
    List<DestinationBacklog> backlog(Instant now);

    /**
     * Stores an API key under {@code keyHash} (the hex SHA-256 of the key; the key itself is never
     * stored). False, and nothing written, when the name is taken, also by a revoked key.
     */
    boolean createApiKey(ApiKey key, String keyHash);

    /** The key with this hash, revoked or not. */
    Optional<ApiKey> apiKeyByHash(String keyHash);

    /** Every key, revoked ones included, by name. */
    List<ApiKey> apiKeys();

    /** Revokes a key for good; false when no valid key has this name. */
    boolean revokeApiKey(String name, Instant now);

    /** Records that a gateway accepted the key at {@code at}. */
    void apiKeyUsed(String name, Instant at);

    /** True when the database answers a trivial query. */
    boolean ping();

    @Override
    void close();
}
