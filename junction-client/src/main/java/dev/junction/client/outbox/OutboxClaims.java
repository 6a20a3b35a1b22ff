package dev.junction.client.outbox;

import dev.junction.client.jdbc.Transactions;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

import java.util.ArrayList;
import java.util.List;

/**
 * The relay's side of the outbox table: take a batch of due events under a lease, then record each one's fate. A
 * batch is taken with {@code FOR UPDATE SKIP LOCKED} on PostgreSQL and MariaDB, so relays never wait on each other
 * or take the same event; on SQLite the transaction holds the single write lock instead. With an ordering key, only
 * the oldest unsent event of the key is due, so a key's events go one at a time, in order (a dead one holds the rest
 * back until it is replayed).
 */
final class OutboxClaims {

    /** A taken event and its place in the table. */
    record Claimed(long seq, OutboxMessage message) {}

    private final Transactions tx;
    private final String select;

    OutboxClaims(Transactions tx) {
        this.tx = tx;
        this.select = "SELECT o.seq, o.id, o.destination, o.event_type, o.payload, o.attempts FROM junction_outbox o"
                + " WHERE o.state = 'PENDING' AND o.next_attempt_at <= ? AND (o.locked_until IS NULL OR o.locked_until <= ?)"
                + " AND (o.ordering_key IS NULL OR NOT EXISTS (SELECT 1 FROM junction_outbox p"
                + " WHERE p.ordering_key = o.ordering_key AND p.seq < o.seq AND p.state <> 'SENT'))"
                + " ORDER BY o.seq LIMIT ?" + tx.dialect().forUpdateSkipLocked();
    }

    List<Claimed> claim(String relay, long now, long leaseUntil, int limit) {
        return tx.inTransaction("take outbox events", c -> {
            List<Claimed> taken = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(select)) {
                ps.setLong(1, now);
                ps.setLong(2, now);
                ps.setInt(3, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        taken.add(new Claimed(rs.getLong(1), new OutboxMessage(rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getBytes(5), rs.getInt(6))));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE junction_outbox SET locked_until = ?, locked_by = ? WHERE seq = ?")) {
                for (Claimed claimed : taken) {
                    ps.setLong(1, leaseUntil);
                    ps.setString(2, relay);
                    ps.setLong(3, claimed.seq());
                    ps.addBatch();
                }
                if (!taken.isEmpty()) ps.executeBatch();
            }
            return taken;
        });
    }

    /**
     * Extends the lease of {@code events} still taken by {@code relay} to {@code leaseUntil}; returns their seqs. One
     * that another relay took over (its lease had passed) is left to it.
     */
    java.util.Set<Long> renew(String relay, List<Claimed> events, long leaseUntil) {
        return tx.inTransaction("renew the lease of outbox events", c -> {
            java.util.Set<Long> kept = new java.util.HashSet<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE junction_outbox SET locked_until = ? WHERE seq = ? AND locked_by = ? AND state = 'PENDING'")) {
                for (Claimed claimed : events) {
                    ps.setLong(1, leaseUntil);
                    ps.setLong(2, claimed.seq());
                    ps.setString(3, relay);
                    if (ps.executeUpdate() == 1) kept.add(claimed.seq());
                }
            }
            return kept;
        });
    }

    void sent(long seq, String relay, long now) {
        update("record a sent outbox event", "UPDATE junction_outbox SET state = 'SENT', attempts = attempts + 1, sent_at = ?,"
                + " locked_until = NULL, last_error = NULL WHERE seq = ? AND locked_by = ? AND state = 'PENDING'", now, seq, relay);
    }

    /** Another try at {@code nextAttemptAt}. */
    void retryAt(long seq, String relay, long nextAttemptAt, String error) {
        update("record a failed outbox send", "UPDATE junction_outbox SET attempts = attempts + 1, next_attempt_at = ?, locked_until = NULL,"
                + " last_error = ? WHERE seq = ? AND locked_by = ? AND state = 'PENDING'", nextAttemptAt, error, seq, relay);
    }

    void dead(long seq, String relay, String error) {
        update("record a dead outbox event", "UPDATE junction_outbox SET state = 'DEAD', attempts = attempts + 1, locked_until = NULL,"
                + " last_error = ? WHERE seq = ? AND locked_by = ? AND state = 'PENDING'", error, seq, relay);
    }

    /** Runs one of the updates above; a relay whose lease was taken over updates nothing. */
    private void update(String what, String sql, Object... params) {
        tx.autoCommit(what, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    if (params[i] instanceof Long n) ps.setLong(i + 1, n);
                    else ps.setString(i + 1, (String) params[i]);
                }
                return ps.executeUpdate();
            }
        });
    }
}
