package dev.junction.store.jdbc;

import dev.junction.store.NewEntry;
import dev.junction.store.PageRequest;
import dev.junction.store.SyncStates.Decided;
import dev.junction.store.SyncStates.SyncCommit;
import dev.junction.store.SyncStates.SyncCounts;
import dev.junction.store.SyncStates.SyncDecision;
import dev.junction.store.SyncStates.SyncRecordRow;
import dev.junction.store.SyncStates.SyncReview;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the admin API reads of two-way syncs (records by match key, review items, counts) and a person's decision of
 * a review item, committed with the record's next state and its writes in one transaction (as a step's commit in
 * {@link SyncTables}).
 */
final class SyncReviewTables {

    /** Thrown inside the decision's transaction to roll back the item already marked: the record moved meanwhile. */
    private static final class VersionMoved extends RuntimeException {
        VersionMoved() {
            super(null, null, false, false);
        }
    }

    private final Transactions tx;
    private final AppendWrites appends;

    SyncReviewTables(Transactions tx, AppendWrites appends) {
        this.tx = tx;
        this.appends = appends;
    }

    List<SyncRecordRow> records(String sync, PageRequest page) {
        return tx.read("list sync records", c -> {
            List<Object[]> rows = Sql.query(c, "SELECT match_key, version, state FROM sync_records WHERE sync = ?"
                            + (page.afterId() == null ? "" : " AND match_key > ?") + " ORDER BY match_key LIMIT ?",
                    page.afterId() == null ? Sql.values(sync, page.limit()) : Sql.values(sync, page.afterId(), page.limit()),
                    rs -> new Object[] {rs.getString(1), rs.getLong(2), rs.getString(3)});
            List<SyncRecordRow> records = new ArrayList<>(rows.size());
            for (Object[] r : rows) {
                String key = (String) r[0];
                records.add(new SyncRecordRow(sync, key, (Long) r[1], (String) r[2], SyncTables.links(c, sync, key)));
            }
            return records;
        });
    }

    List<SyncReview> reviews(String sync, Boolean open, String key, PageRequest page) {
        StringBuilder sql = new StringBuilder("SELECT " + SyncTables.REVIEW_COLUMNS + " FROM sync_reviews WHERE sync = ?");
        List<Object> values = new ArrayList<>(List.of(sync));
        if (open != null) sql.append(open ? " AND decided_at IS NULL" : " AND decided_at IS NOT NULL");
        if (key != null) {
            sql.append(" AND match_key = ?");
            values.add(key);
        }
        if (page.afterId() != null) {
            sql.append(page.newestFirst() ? " AND id < ?" : " AND id > ?");
            values.add(page.afterId());
        }
        sql.append(" ORDER BY id").append(page.newestFirst() ? " DESC" : "").append(" LIMIT ?");
        values.add(page.limit());
        return tx.read("list sync reviews", c -> Sql.query(c, sql.toString(), Sql.values(1, values), SyncTables::review));
    }

    Optional<SyncReview> review(String sync, String id) {
        return tx.read("read a sync review", c -> Sql.query(c, "SELECT " + SyncTables.REVIEW_COLUMNS + " FROM sync_reviews WHERE sync = ? AND id = ?",
                Sql.values(sync, id), SyncTables::review).stream().findFirst());
    }

    SyncCounts counts(String sync) {
        return tx.read("count a sync's records and open reviews", c -> {
            long records = Sql.query(c, "SELECT COUNT(*) FROM sync_records WHERE sync = ?", Sql.values(sync), rs -> rs.getLong(1)).get(0);
            long open = Sql.query(c, "SELECT COUNT(*) FROM sync_reviews WHERE sync = ? AND decided_at IS NULL", Sql.values(sync),
                    rs -> rs.getLong(1)).get(0);
            return new SyncCounts(records, open);
        });
    }

    Decided decide(SyncCommit commit, SyncDecision decision, List<NewEntry> writes, Supplier<String> deliveryIds) {
        try {
            return tx.inTransaction("decide a sync review", c -> {
                long at = decision.decidedAt().toEpochMilli();
                int marked = Sql.update(c, "UPDATE sync_reviews SET decided_at = ?, decision = ?, decided_by = ?, decided_value = ?"
                        + " WHERE sync = ? AND id = ? AND decided_at IS NULL", Sql.values(at, decision.decision(), decision.decidedBy(),
                        decision.value(), commit.sync(), decision.reviewId()));
                if (marked == 0) return Decided.ALREADY_DECIDED;
                // The field is released once: the other open items of it are decided by the same word.
                Sql.update(c, "UPDATE sync_reviews SET decided_at = ?, decision = 'superseded', decided_by = ?, decided_value = ?"
                        + " WHERE sync = ? AND match_key = ? AND field = ? AND decided_at IS NULL", Sql.values(at, decision.decidedBy(),
                        decision.value(), commit.sync(), commit.key(), decision.field()));
                if (!SyncTables.moveVersion(c, commit)) throw new VersionMoved();
                List<AppendWrites.Append> batch = new ArrayList<>(writes.size());
                for (NewEntry e : writes) batch.add(new AppendWrites.Append(e.message(), e.deliveries(), deliveryIds));
                if (!batch.isEmpty()) appends.write(c, batch);
                return Decided.DECIDED;
            });
        } catch (VersionMoved e) {
            return Decided.VERSION_MOVED;
        }
    }
}
