package dev.junction.store;

import java.time.Instant;
import java.util.List;

/**
 * What a finished poll writes beside its messages, in their transaction.
 *
 * @param leaseOwner the poller that must still hold the source's lease for anything to land (fencing); null: no lease check
 * @param now        the time the lease is checked against
 * @param expected   the generation the poll started from: a commit over a newer one lands nothing
 * @param next       the source's state after it, generation {@code expected + 1}; null for a failed poll (only its record is written)
 * @param upserts    snapshot items new or changed
 * @param removed    keys of snapshot items gone
 * @param record     the poll's record; null for a change that was no poll (an operator's release of a held calendar)
 */
public record PollCommit(String source, String leaseOwner, Instant now, long expected, PollState next, List<SnapshotItem> upserts,
                         List<String> removed, PollRecord record) {

    public PollCommit {
        upserts = List.copyOf(upserts);
        removed = List.copyOf(removed);
        if (next != null && next.generation() != expected + 1) throw new IllegalArgumentException("next generation must be expected + 1");
    }

    /** A failed poll: its record only. */
    public static PollCommit failed(String leaseOwner, Instant now, PollRecord record) {
        return new PollCommit(record.source(), leaseOwner, now, -1, null, List.of(), List.of(), record);
    }
}
