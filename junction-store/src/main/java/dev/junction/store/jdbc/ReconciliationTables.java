package dev.junction.store.jdbc;

import dev.junction.store.SyncReconciliations.Reconciliation;
import dev.junction.store.SyncStates.SyncLink;
import dev.junction.store.SyncStates.SyncRecordRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** sync_reconciliations, and the reads of sync_records and sync_links a reconciliation makes, the same SQL on both engines. */
final class ReconciliationTables {

    private final Transactions tx;

    ReconciliationTables(Transactions tx) {
        this.tx = tx;
    }

    /** A page of records and, in the same read, the links of exactly those keys. */
    List<SyncRecordRow> records(String sync, String afterKey, int limit) {
        return tx.read("list sync records", c -> {
            String after = afterKey == null ? "" : afterKey;
            List<Object[]> rows = Sql.query(c, "SELECT match_key, version, state FROM sync_records WHERE sync = ? AND match_key > ?"
                    + " ORDER BY match_key LIMIT ?", Sql.values(sync, after, limit), rs -> new Object[] {rs.getString(1), rs.getLong(2), rs.getString(3)});
            if (rows.isEmpty()) return List.of();
            String last = (String) rows.get(rows.size() - 1)[0];
            Map<String, Map<String, SyncLink>> links = new LinkedHashMap<>();
            for (Object[] l : Sql.query(c, "SELECT match_key, system, system_id, create_pending FROM sync_links WHERE sync = ? AND match_key > ?"
                    + " AND match_key <= ?", Sql.values(sync, after, last),
                    rs -> new Object[] {rs.getString(1), rs.getString(2), new SyncLink(rs.getString(3), rs.getInt(4) == 1)})) {
                links.computeIfAbsent((String) l[0], k -> new LinkedHashMap<>()).put((String) l[1], (SyncLink) l[2]);
            }
            List<SyncRecordRow> page = new ArrayList<>(rows.size());
            for (Object[] r : rows) {
                String key = (String) r[0];
                page.add(new SyncRecordRow(sync, key, (Long) r[1], (String) r[2], links.getOrDefault(key, Map.of())));
            }
            return page;
        });
    }

    boolean unlink(String sync, String key, String system, String systemId) {
        return tx.inTransaction("forget a system's id for a sync record", c -> Sql.update(c,
                "DELETE FROM sync_links WHERE sync = ? AND match_key = ? AND system = ? AND system_id = ?",
                Sql.values(sync, key, system, systemId)) == 1);
    }

    boolean forget(String sync, String key, long expectedVersion) {
        return tx.inTransaction("forget a sync record", c -> {
            if (Sql.update(c, "DELETE FROM sync_records WHERE sync = ? AND match_key = ? AND version = ?",
                    Sql.values(sync, key, expectedVersion)) != 1) {
                return false;
            }
            Sql.update(c, "DELETE FROM sync_links WHERE sync = ? AND match_key = ?", Sql.values(sync, key));
            Sql.update(c, "DELETE FROM sync_reviews WHERE sync = ? AND match_key = ?", Sql.values(sync, key));
            return true;
        });
    }

    void save(Reconciliation r) {
        tx.inTransaction("record a sync reconciliation", c -> Sql.update(c,
                "INSERT INTO sync_reconciliations (id, sync, node, started_at, finished_at, records, consistent, report) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                Sql.values(r.id(), r.sync(), r.node(), r.startedAt().toEpochMilli(), r.finishedAt().toEpochMilli(), r.records(), r.consistent(),
                        r.report())));
    }

    Optional<Reconciliation> latest(String sync) {
        return tx.read("read the latest sync reconciliation", c -> Sql.query(c,
                "SELECT id, node, started_at, finished_at, records, consistent, report FROM sync_reconciliations WHERE sync = ?"
                        + " ORDER BY started_at DESC, id DESC LIMIT 1", Sql.values(sync),
                rs -> new Reconciliation(rs.getString(1), sync, rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)),
                        Instant.ofEpochMilli(rs.getLong(4)), rs.getLong(5), rs.getLong(6), rs.getString(7))).stream().findFirst());
    }
}
