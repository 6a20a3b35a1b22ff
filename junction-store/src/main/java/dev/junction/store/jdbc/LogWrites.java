package dev.junction.store.jdbc;

import dev.junction.store.IngestOutcome;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * Appends and attempt records, committed together: whatever queued while the last transaction ran goes in
 * the next one, so a burst costs one transaction and one fsync, not one per event (ADR 0001).
 */
final class LogWrites implements AutoCloseable {

    /** A write waiting for the next group commit. */
    sealed interface Write permits Append, Record, Records {}

    record Append(AppendWrites.Append append) implements Write {}

    record Record(AttemptWrites.Record record) implements Write {}

    /** The attempts of one batch: committed together, never split across transactions. */
    record Records(List<AttemptWrites.Record> records) implements Write {}

    /** What a write came to, by kind. */
    sealed interface Written permits Appended, Recorded, RecordedAll {}

    record Appended(IngestOutcome outcome) implements Written {}

    record Recorded(boolean applied) implements Written {}

    record RecordedAll(List<Boolean> applied) implements Written {}

    private final Transactions tx;
    private final AppendWrites appends;
    private final GroupCommit<Write, Written> commits;

    LogWrites(Transactions tx, Dialect dialect, AppendWrites appends) {
        this.tx = tx;
        this.appends = appends;
        // At most 10,000 appends wait; attempt records are never refused (workers bound how many there are).
        this.commits = new GroupCommit<>("store", this::write, dialect.ingestWriters(), 256, 10_000, w -> w instanceof Append);
    }

    IngestOutcome append(AppendWrites.Append append) {
        return switch (commits.submit(new Append(append))) {
            case Appended a -> a.outcome();
            default -> throw new IllegalStateException("an append answered as an attempt record");
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

    /** One transaction for whatever queued: new events and the attempts that finished meanwhile. */
    private List<Written> write(List<Write> batch) {
        List<AppendWrites.Append> toAppend = new ArrayList<>();
        List<AttemptWrites.Record> toRecord = new ArrayList<>();
        for (Write w : batch) {
            switch (w) {
                case Append a -> toAppend.add(a.append());
                case Record r -> toRecord.add(r.record());
                case Records r -> toRecord.addAll(r.records());
            }
        }
        String what = toAppend.isEmpty() ? "record attempts" : toRecord.isEmpty() ? "store messages" : "store messages and record attempts";
        return tx.inTransaction(what, c -> {
            Iterator<IngestOutcome> stored = toAppend.isEmpty() ? Collections.emptyIterator() : appends.write(c, toAppend).iterator();
            Iterator<Boolean> recorded = toRecord.isEmpty() ? Collections.emptyIterator() : AttemptWrites.write(c, toRecord).iterator();
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
                });
            }
            return results;
        });
    }

    @Override
    public void close() {
        commits.close();
    }
}
