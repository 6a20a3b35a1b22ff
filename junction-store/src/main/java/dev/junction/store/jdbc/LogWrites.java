package dev.junction.store.jdbc;

import dev.junction.store.ClaimedDelivery;
import dev.junction.store.IngestOutcome;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * Appends, attempt records and (on SQLite) claims, committed together: whatever queued while the last transaction
 * ran goes in the next one, so a burst costs one transaction and one fsync, not one per event (ADR 0001, ADR 0037).
 */
final class LogWrites implements AutoCloseable {

    /** A write waiting for the next group commit. */
    sealed interface Write permits Append, Record, Records, Claim {}

    record Append(AppendWrites.Append append) implements Write {}

    record Record(AttemptWrites.Record record) implements Write {}

    /** The attempts of one batch: committed together, never split across transactions. */
    record Records(List<AttemptWrites.Record> records) implements Write {}

    /** A claim of due deliveries, run after the batch's appends and attempt records so it sees them. */
    record Claim(Claims.Request request) implements Write {}

    /** What a write came to, by kind. */
    sealed interface Written permits Appended, Recorded, RecordedAll, Claimed, ClaimFailed {}

    record Appended(IngestOutcome outcome) implements Written {}

    record Recorded(boolean applied) implements Written {}

    record RecordedAll(List<Boolean> applied) implements Written {}

    record Claimed(List<ClaimedDelivery> deliveries) implements Written {}

    /** A claim that failed alone: rolled back to its savepoint while the rest of its batch committed. */
    record ClaimFailed(RuntimeException error) implements Written {}

    private final Transactions tx;
    private final AppendWrites appends;
    private final Claims claims;
    private final GroupCommit<Write, Written> commits;

    LogWrites(Transactions tx, Dialect dialect, AppendWrites appends, Claims claims) {
        this.tx = tx;
        this.appends = appends;
        this.claims = claims;
        // At most 10,000 appends wait; attempt records and claims are never refused (workers and claim loops bound how many there are).
        this.commits = new GroupCommit<>("store", this::write, dialect.ingestWriters(), 256, 10_000, w -> w instanceof Append);
    }

    IngestOutcome append(AppendWrites.Append append) {
        return switch (commits.submit(new Append(append))) {
            case Appended a -> a.outcome();
            default -> throw new IllegalStateException("an append answered as another kind of write");
        };
    }

    boolean record(AttemptWrites.Record record) {
        return switch (commits.submit(new Record(record))) {
            case Recorded r -> r.applied();
            default -> throw new IllegalStateException("an attempt record answered as another kind of write");
        };
    }

    List<Boolean> recordAll(List<AttemptWrites.Record> records) {
        if (records.isEmpty()) return List.of();
        return switch (commits.submit(new Records(records))) {
            case RecordedAll r -> r.applied();
            default -> throw new IllegalStateException("a batch's attempt records answered as one");
        };
    }

    /** Claims in the next group commit; returns once it committed, so the deliveries are leased on disk. */
    List<ClaimedDelivery> claim(Claims.Request request) {
        return switch (commits.submit(new Claim(request))) {
            case Claimed c -> c.deliveries();
            case ClaimFailed f -> throw f.error();
            default -> throw new IllegalStateException("a claim answered as another kind of write");
        };
    }

    /**
     * One transaction for whatever queued: new events, then the attempts that finished meanwhile, then claims.
     * Claims come last so that they see this round's new deliveries and the deliveries its attempts moved on (the
     * next of an ordering key; never a delivery whose attempt is being recorded, re-claimed as an expired lease).
     * Their deliveries reach the workers only after the commit, as a claim's own transaction's would.
     */
    List<Written> write(List<Write> batch) {
        List<AppendWrites.Append> toAppend = new ArrayList<>();
        List<AttemptWrites.Record> toRecord = new ArrayList<>();
        List<Claims.Request> toClaim = new ArrayList<>();
        for (Write w : batch) {
            switch (w) {
                case Append a -> toAppend.add(a.append());
                case Record r -> toRecord.add(r.record());
                case Records r -> toRecord.addAll(r.records());
                case Claim c -> toClaim.add(c.request());
            }
        }
        // A claim alone needs no savepoint: its failure is the batch's, and the batch is only its caller.
        boolean apart = batch.size() > 1;
        String what = toClaim.size() == batch.size() ? Claims.WHAT
                : toAppend.isEmpty() ? "record attempts" : toRecord.isEmpty() ? "store messages" : "store messages and record attempts";
        return tx.inTransaction(what, c -> {
            Iterator<IngestOutcome> stored = toAppend.isEmpty() ? Collections.emptyIterator() : appends.write(c, toAppend).iterator();
            Iterator<Boolean> recorded = toRecord.isEmpty() ? Collections.emptyIterator() : AttemptWrites.write(c, toRecord).iterator();
            List<Written> claimed = new ArrayList<>(toClaim.size());
            for (Claims.Request r : toClaim) claimed.add(apart ? claimApart(c, r) : new Claimed(claims.claim(c, r)));
            Iterator<Written> claimResults = claimed.iterator();
            List<Written> results = new ArrayList<>(batch.size());
            for (Write w : batch) {
                results.add(switch (w) {
                    case Append a -> new Appended(stored.next());
                    case Record r -> new Recorded(recorded.next());
                    case Records r -> {
                        List<Boolean> applied = new ArrayList<>(r.records().size());
                        for (int i = 0; i < r.records().size(); i++) applied.add(recorded.next());
                        yield new RecordedAll(applied);
                    }
                    case Claim cl -> claimResults.next();
                });
            }
            return results;
        });
    }

    /**
     * A claim in a savepoint: when it fails, its caller hears so (and claims again later) while the appends and
     * records of its batch still commit. When the database has rolled the whole transaction back (SQLite does on a
     * full disk or an I/O error), the savepoint is gone with it and the failure is the whole batch's.
     */
    private Written claimApart(Connection c, Claims.Request request) throws SQLException {
        execute(c, "SAVEPOINT claim");
        try {
            List<ClaimedDelivery> claimed = claims.claim(c, request);
            execute(c, "RELEASE SAVEPOINT claim");
            return new Claimed(claimed);
        } catch (SQLException | RuntimeException e) {
            try {
                execute(c, "ROLLBACK TO SAVEPOINT claim");
                execute(c, "RELEASE SAVEPOINT claim");
            } catch (SQLException gone) {
                e.addSuppressed(gone);
                throw e;
            }
            return new ClaimFailed(e instanceof SQLException sql ? SqlFailure.storeException(Claims.WHAT, sql) : (RuntimeException) e);
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Override
    public void close() {
        commits.close();
    }
}
