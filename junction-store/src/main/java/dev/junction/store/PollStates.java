package dev.junction.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What polled sources remember between polls: cursor and validators, a snapshot of the items seen, a record
 * of every poll, and a lease per source so that one node polls it at a time. Every method is one transaction.
 */
public interface PollStates {

    /** The source's state; {@link PollState#initial} when it was never polled. */
    PollState pollState(String source);

    /** The source's snapshot, by item key. */
    Map<String, SnapshotItem> snapshot(String source);

    /**
     * Commits a poll: its messages and their deliveries (as {@link EventLog#append}, a duplicate dedupe key
     * writing nothing), the source's next state, the snapshot changes and the poll's record, all in one
     * transaction, or none of it. Nothing is written and empty is returned when {@code commit.leaseOwner()}
     * no longer holds the source's lease at {@code commit.now()}, or when the state moved past
     * {@code commit.expected()} meanwhile (another poll committed first).
     *
     * @return one outcome per entry, in order
     */
    Optional<List<IngestOutcome>> commitPoll(PollCommit commit, List<NewEntry> entries, Supplier<String> deliveryIds);

    /** The source's polls, newest first by id. */
    List<PollRecord> polls(String source, PageRequest page);

    /**
     * Takes or renews the source's lease for {@code owner} until {@code now + length}: true when {@code owner}
     * held it or nobody held it or its holder's lease had passed. Of concurrent takers exactly one wins.
     */
    boolean acquirePollLease(String source, String owner, Instant now, Duration length);

    /** Gives the lease up, so another node may take it at once; false when {@code owner} did not hold it. */
    boolean releasePollLease(String source, String owner);

    /** Who holds the source's lease, and until when (empty when nobody ever did). */
    Optional<Map.Entry<String, Instant>> pollLease(String source);
}
