package dev.junction.store;

import java.time.Instant;

/**
 * Retention: succeeded work and poll records are deleted after a while, and expired idempotency keys; dead and
 * pending work never is.
 * Every method is one transaction; time is passed in; a method that returns has committed durably.
 */
public interface Pruning {

    /**
     * Deletes messages received before {@code receivedBefore} whose deliveries all succeeded, with their
     * deliveries and attempts, at most {@code batchSize} messages in one short transaction. Dead and
     * pending work is never touched. Returns how many messages were deleted.
     */
    int pruneSucceeded(Instant receivedBefore, int batchSize);

    /**
     * Deletes idempotency keys that expired at or before {@code now}, at most {@code batchSize} in one short
     * transaction; returns how many. Until pruned an expired key is already treated as absent.
     */
    int pruneIdempotencyKeys(Instant now, int batchSize);

    /**
     * Deletes the records of polls started before {@code startedBefore}, oldest first, at most {@code batchSize}
     * in one short transaction; returns how many. A source's state (cursor, snapshot, last success) is not a
     * record and is never pruned.
     */
    int prunePollRecords(Instant startedBefore, int batchSize);
}
