package dev.junction.store.jdbc;

import dev.junction.store.NewEntry;
import dev.junction.store.SyncStates.SyncCommit;
import dev.junction.store.SyncStates.SyncLink;
import dev.junction.store.SyncStates.SyncRecordRow;
import dev.junction.store.SyncStates.SyncReview;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The tables of two-way syncs (sync_records, sync_links, sync_reviews), the same SQL on both engines. A step's
 * commit moves the record's version first, inside its transaction: a step that read an older version lands nothing,
 * and on PostgreSQL the updated row stays locked until the commit, so a concurrent step waits and then sees it moved.
 */
final class SyncTables {

    static final String REVIEW_COLUMNS = "id, sync, match_key, field, agreed, proposed, from_system, created_at, decided_at, decision,"
            + " agreed_system, decided_by, decided_value";

    private final Transactions tx;
    private final AppendWrites appends;

    SyncTables(Transactions tx, AppendWrites appends) {
        this.tx = tx;
        this.appends = appends;
    }

    Optional<SyncRecordRow> record(String sync, String key) {
        return tx.read("read a sync record", c -> {
            List<Object[]> rows = Sql.query(c, "SELECT version, state FROM sync_records WHERE sync = ? AND match_key = ?", Sql.values(sync, key),
                    rs -> new Object[] {rs.getLong(1), rs.getString(2)});
            if (rows.isEmpty()) return Optional.empty();
            return Optional.of(new SyncRecordRow(sync, key, (Long) rows.get(0)[0], (String) rows.get(0)[1], links(c, sync, key)));
        });
    }

    static Map<String, SyncLink> links(Connection c, String sync, String key) throws SQLException {
        Map<String, SyncLink> links = new LinkedHashMap<>();
        for (Map.Entry<String, SyncLink> e : Sql.query(c, "SELECT system, system_id, create_pending FROM sync_links WHERE sync = ? AND match_key = ?"
                + " ORDER BY system", Sql.values(sync, key), rs -> Map.entry(rs.getString(1), new SyncLink(rs.getString(2), rs.getInt(3) == 1)))) {
            links.put(e.getKey(), e.getValue());
        }
        return links;
    }

    Optional<String> keyIgnoringCase(String sync, String key) {
        return tx.read("find a sync record by its key ignoring case", c -> Sql.query(c,
                "SELECT match_key FROM sync_records WHERE sync = ? AND lower(trim(match_key)) = lower(trim(?))"
                        + " ORDER BY CASE WHEN match_key = ? THEN 0 ELSE 1 END, match_key LIMIT 1", Sql.values(sync, key, key),
                rs -> rs.getString(1)).stream().findFirst());
    }

    Optional<dev.junction.store.SyncStates.WaitingWrite> writeWaiting(String destination, String key) {
        // As the claim's per-key order holds a delivery back (Claims.ORDERING_FILTER), the dead one first.
        return tx.read("find a sync write waiting", c -> Sql.query(c,
                "SELECT id, state FROM deliveries WHERE destination = ? AND ordering_key = ? AND state <> 'SUCCEEDED'"
                        + " AND NOT (state = 'DEAD' AND ordering_skip_dead = 1) ORDER BY CASE WHEN state = 'DEAD' THEN 0 ELSE 1 END, id LIMIT 1",
                Sql.values(destination, key), rs -> new dev.junction.store.SyncStates.WaitingWrite(rs.getString(1),
                        dev.junction.core.model.DeliveryState.valueOf(rs.getString(2)))).stream().findFirst());
    }

    Optional<String> keyOf(String sync, String system, String systemId) {
        return tx.read("find a sync record by a system's id", c -> Sql.query(c,
                "SELECT match_key FROM sync_links WHERE sync = ? AND system = ? AND system_id = ?", Sql.values(sync, system, systemId),
                rs -> rs.getString(1)).stream().findFirst());
    }

    boolean commit(SyncCommit commit, List<NewEntry> writes, Supplier<String> deliveryIds) {
        return tx.inTransaction("commit a sync step", c -> {
            if (!moveVersion(c, commit)) return false;
            for (Map.Entry<String, String> e : commit.learned().entrySet()) link(c, commit.sync(), commit.key(), e.getKey(), e.getValue());
            for (SyncReview r : commit.reviews()) insert(c, r);
            if (commit.closeReviews() != null) {
                Sql.update(c, "UPDATE sync_reviews SET decided_at = ?, decision = ?, decided_by = 'sync' WHERE sync = ? AND match_key = ?"
                        + " AND decided_at IS NULL", Sql.values(commit.now().toEpochMilli(), commit.closeReviews(), commit.sync(), commit.key()));
            }
            List<AppendWrites.Append> batch = new ArrayList<>(writes.size());
            for (NewEntry e : writes) batch.add(new AppendWrites.Append(e.message(), e.deliveries(), deliveryIds));
            if (!batch.isEmpty()) appends.write(c, batch);
            return true;
        });
    }

    static boolean moveVersion(Connection c, SyncCommit commit) throws SQLException {
        long at = commit.now().toEpochMilli();
        if (commit.expectedVersion() == 0) {
            return Sql.update(c, "INSERT INTO sync_records (sync, match_key, version, state, updated_at) VALUES (?, ?, 1, ?, ?)"
                    + " ON CONFLICT (sync, match_key) DO NOTHING", Sql.values(commit.sync(), commit.key(), commit.state(), at)) == 1;
        }
        return Sql.update(c, "UPDATE sync_records SET version = version + 1, state = ?, updated_at = ? WHERE sync = ? AND match_key = ? AND version = ?",
                Sql.values(commit.state(), at, commit.sync(), commit.key(), commit.expectedVersion())) == 1;
    }

    private static void link(Connection c, String sync, String key, String system, String systemId) throws SQLException {
        Sql.update(c, "INSERT INTO sync_links (sync, match_key, system, system_id, create_pending) VALUES (?, ?, ?, ?, 0)"
                + " ON CONFLICT (sync, match_key, system) DO UPDATE SET system_id = excluded.system_id, create_pending = 0",
                Sql.values(sync, key, system, systemId));
    }

    void link(String sync, String key, String system, String systemId) {
        tx.inTransaction("record a system's id for a sync record", c -> {
            link(c, sync, key, system, systemId);
            return null;
        });
    }

    boolean markCreate(String sync, String key, String system) {
        return tx.inTransaction("mark a sync create as sent", c -> Sql.update(c,
                "INSERT INTO sync_links (sync, match_key, system, system_id, create_pending) VALUES (?, ?, ?, NULL, 1)"
                        + " ON CONFLICT (sync, match_key, system) DO UPDATE SET create_pending = 1 WHERE sync_links.system_id IS NULL",
                Sql.values(sync, key, system)) == 1);
    }

    private static void insert(Connection c, SyncReview r) throws SQLException {
        Sql.update(c, "INSERT INTO sync_reviews (" + REVIEW_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                Sql.values(r.id(), r.sync(), r.key(), r.field(), r.agreed(), r.proposed(), r.fromSystem(), r.createdAt().toEpochMilli(),
                        r.decidedAt() == null ? null : r.decidedAt().toEpochMilli(), r.decision(), r.agreedSystem(), r.decidedBy(), r.decidedValue()));
    }

    List<SyncReview> reviews(String sync, boolean open, int limit) {
        return tx.read("list sync reviews", c -> Sql.query(c, "SELECT " + REVIEW_COLUMNS + " FROM sync_reviews WHERE sync = ?"
                + (open ? " AND decided_at IS NULL" : "") + " ORDER BY created_at, id LIMIT ?", Sql.values(sync, limit), SyncTables::review));
    }

    static SyncReview review(ResultSet rs) throws SQLException {
        long decided = rs.getLong(9);
        Instant decidedAt = rs.wasNull() ? null : Instant.ofEpochMilli(decided);
        return new SyncReview(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getString(7), Instant.ofEpochMilli(rs.getLong(8)), decidedAt, rs.getString(10), rs.getString(11), rs.getString(12),
                rs.getString(13));
    }
}
