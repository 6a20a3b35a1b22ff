package dev.junction.store.jdbc;

import dev.junction.store.IngestOutcome;
import dev.junction.store.NewEntry;
import dev.junction.store.PageRequest;
import dev.junction.store.PollCommit;
import dev.junction.store.PollRecord;
import dev.junction.store.PollState;
import dev.junction.store.SnapshotItem;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The tables of polled sources (poll_state, poll_items, polls, poll_leases), the same SQL on both engines. A
 * commit checks the lease and the generation first, inside its transaction: on PostgreSQL the fencing update
 * holds the lease row until the commit, so a node taking the lease over waits for it and then sees its snapshot.
 */
final class PollTables {

    private static final String RECORD_COLUMNS = "id, source, node, started_at, duration_ms, status, error, pages, items, changes, outcome, retry_after_ms";

    private final Transactions tx;
    private final AppendWrites appends;

    PollTables(Transactions tx, AppendWrites appends) {
        this.tx = tx;
        this.appends = appends;
    }

    PollState state(String source) {
        return tx.read("read a poll state", c -> Sql.query(c,
                "SELECT cursor, validated_url, etag, last_modified, body_hash, generation, last_success_at FROM poll_state WHERE source = ?",
                Sql.values(source), rs -> new PollState(source, rs.getString(1),
                        new PollState.Validators(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)), rs.getLong(6),
                        instantOrNull(rs, 7))).stream().findFirst().orElse(PollState.initial(source)));
    }

    Map<String, SnapshotItem> snapshot(String source) {
        return tx.read("read a poll snapshot", c -> {
            Map<String, SnapshotItem> items = new LinkedHashMap<>();
            for (SnapshotItem item : Sql.query(c, "SELECT item_key, content_hash, item FROM poll_items WHERE source = ? ORDER BY item_key",
                    Sql.values(source), rs -> new SnapshotItem(rs.getString(1), rs.getString(2), rs.getString(3)))) {
                items.put(item.key(), item);
            }
            return items;
        });
    }

    Optional<List<IngestOutcome>> commit(PollCommit commit, List<NewEntry> entries, Supplier<String> deliveryIds) {
        return tx.inTransaction("commit a poll", c -> {
            if (commit.leaseOwner() != null && !stillHeld(c, commit)) return Optional.empty();
            if (commit.next() != null && !moveState(c, commit.expected(), commit.next())) return Optional.empty();
            List<AppendWrites.Append> batch = new ArrayList<>(entries.size());
            for (NewEntry e : entries) batch.add(new AppendWrites.Append(e.message(), e.deliveries(), deliveryIds));
            List<IngestOutcome> outcomes = batch.isEmpty() ? List.of() : appends.write(c, batch);
            upsert(c, commit.source(), commit.upserts());
            remove(c, commit.source(), commit.removed());
            if (commit.record() != null) insert(c, commit.record());
            return Optional.of(outcomes);
        });
    }

    /** Touches the lease row only if the committer still holds it: on PostgreSQL the row stays locked until the commit. */
    private static boolean stillHeld(Connection c, PollCommit commit) throws SQLException {
        return Sql.update(c, "UPDATE poll_leases SET owner = owner WHERE source = ? AND owner = ? AND lease_until > ?",
                Sql.values(commit.source(), commit.leaseOwner(), commit.now().toEpochMilli())) == 1;
    }

    private static boolean moveState(Connection c, long expected, PollState next) throws SQLException {
        PollState.Validators v = next.validators();
        Long success = next.lastSuccessAt() == null ? null : next.lastSuccessAt().toEpochMilli();
        if (expected == 0) {
            return Sql.update(c, "INSERT INTO poll_state (source, cursor, validated_url, etag, last_modified, body_hash, generation, last_success_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (source) DO NOTHING",
                    Sql.values(next.source(), next.cursor(), v.url(), v.etag(), v.lastModified(), v.bodyHash(), next.generation(), success)) == 1;
        }
        return Sql.update(c, "UPDATE poll_state SET cursor = ?, validated_url = ?, etag = ?, last_modified = ?, body_hash = ?, generation = ?,"
                + " last_success_at = ? WHERE source = ? AND generation = ?",
                Sql.values(next.cursor(), v.url(), v.etag(), v.lastModified(), v.bodyHash(), next.generation(), success, next.source(), expected)) == 1;
    }

    private static void upsert(Connection c, String source, List<SnapshotItem> items) throws SQLException {
        if (items.isEmpty()) return;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO poll_items (source, item_key, content_hash, item) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (source, item_key) DO UPDATE SET content_hash = excluded.content_hash, item = excluded.item")) {
            for (SnapshotItem item : items) {
                ps.setString(1, source);
                ps.setString(2, item.key());
                ps.setString(3, item.hash());
                ps.setString(4, item.json());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void remove(Connection c, String source, List<String> keys) throws SQLException {
        if (keys.isEmpty()) return;
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM poll_items WHERE source = ? AND item_key = ?")) {
            for (String key : keys) {
                ps.setString(1, source);
                ps.setString(2, key);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void insert(Connection c, PollRecord r) throws SQLException {
        Sql.update(c, "INSERT INTO polls (" + RECORD_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                Sql.values(r.id(), r.source(), r.node(), r.startedAt().toEpochMilli(), r.duration().toMillis(), r.status(), r.error(),
                        r.pages(), r.items(), r.changes(), r.outcome().name(),
                        r.retryAfter() == null ? null : r.retryAfter().toMillis()));
    }

    List<PollRecord> polls(String source, PageRequest page) {
        String after = page.afterId() == null ? "" : page.newestFirst() ? " AND id < ?" : " AND id > ?";
        String order = page.newestFirst() ? "DESC" : "ASC";
        List<Object> params = new ArrayList<>(List.of(source));
        if (page.afterId() != null) params.add(page.afterId());
        params.add(page.limit());
        return tx.read("list polls", c -> Sql.query(c, "SELECT " + RECORD_COLUMNS + " FROM polls WHERE source = ?" + after
                + " ORDER BY id " + order + " LIMIT ?", Sql.values(1, params), PollTables::record));
    }

    /** Deletes the oldest poll records started before {@code before}, at most {@code batchSize}; returns how many. */
    int prune(Instant before, int batchSize) {
        return tx.inTransaction("prune poll records", c -> Sql.update(c,
                "DELETE FROM polls WHERE id IN (SELECT id FROM polls WHERE started_at < ? ORDER BY started_at LIMIT ?)",
                Sql.values(before.toEpochMilli(), batchSize)));
    }

    boolean acquire(String source, String owner, Instant now, Duration length) {
        return tx.inTransaction("take a poll lease", c -> Sql.update(c, "INSERT INTO poll_leases (source, owner, lease_until) VALUES (?, ?, ?)"
                + " ON CONFLICT (source) DO UPDATE SET owner = excluded.owner, lease_until = excluded.lease_until"
                + " WHERE poll_leases.owner = excluded.owner OR poll_leases.lease_until <= ?",
                Sql.values(source, owner, now.plus(length).toEpochMilli(), now.toEpochMilli())) == 1);
    }

    boolean release(String source, String owner) {
        return tx.inTransaction("release a poll lease", c -> Sql.update(c, "DELETE FROM poll_leases WHERE source = ? AND owner = ?",
                Sql.values(source, owner)) == 1);
    }

    Optional<Map.Entry<String, Instant>> lease(String source) {
        return tx.read("read a poll lease", c -> Sql.query(c, "SELECT owner, lease_until FROM poll_leases WHERE source = ?", Sql.values(source),
                rs -> Map.entry(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)))).stream().findFirst());
    }

    private static PollRecord record(ResultSet rs) throws SQLException {
        int status = rs.getInt(6);
        Integer statusOrNull = rs.wasNull() ? null : status;
        return new PollRecord(rs.getString(1), rs.getString(2), rs.getString(3), Instant.ofEpochMilli(rs.getLong(4)),
                Duration.ofMillis(rs.getLong(5)), statusOrNull, rs.getString(7), rs.getInt(8), rs.getInt(9), rs.getInt(10),
                PollRecord.Outcome.valueOf(rs.getString(11)), durationOrNull(rs, 12));
    }

    private static Duration durationOrNull(ResultSet rs, int column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Duration.ofMillis(millis);
    }

    private static Instant instantOrNull(ResultSet rs, int column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }
}
