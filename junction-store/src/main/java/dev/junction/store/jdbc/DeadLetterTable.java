package dev.junction.store.jdbc;

import dev.junction.store.DeadLetterFilter;
import dev.junction.store.DeadLetters;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Dead letters: replayed (back to PENDING, same id and message) or purged with their attempts. */
final class DeadLetterTable {

    private static final String REPLAY = "UPDATE deliveries SET state = 'PENDING', attempts = 0, next_attempt_at = ?, updated_at = ?";

    private final Transactions tx;
    private final Dialect dialect;
    private final String origin;

    DeadLetterTable(Transactions tx, Dialect dialect, String origin) {
        this.tx = tx;
        this.dialect = dialect;
        this.origin = origin;
    }

    boolean replay(String deliveryId, Instant now) {
        return tx.inTransaction("replay a dead letter", c ->
                announced(c, Sql.update(c, REPLAY + " WHERE id = ? AND state = 'DEAD'", Sql.values(now.toEpochMilli(), now.toEpochMilli(), deliveryId))) == 1);
    }

    /** As {@link #replay(String, Instant)}, from any state but IN_FLIGHT: a lease holder's outcome would overwrite it. */
    boolean resend(String deliveryId, Instant now) {
        return tx.inTransaction("resend a delivery", c -> announced(c, Sql.update(c, REPLAY + " WHERE id = ? AND state <> 'IN_FLIGHT'",
                Sql.values(now.toEpochMilli(), now.toEpochMilli(), deliveryId))) == 1);
    }

    int replay(DeadLetterFilter filter, Instant now) {
        Criteria dead = matching(filter);
        return tx.inTransaction("replay dead letters", c -> announced(c, Sql.update(c, replaySql(dead, "", filter), ps -> {
            ps.setLong(1, now.toEpochMilli());
            ps.setLong(2, now.toEpochMilli());
            dead.bind(ps, 3);
        })));
    }

    /**
     * Replays them to {@code to} instead of their own destination, but not those whose message already has a delivery
     * there (replaying two removed destinations into one would send it twice under one webhook-id): those stay dead
     * where they are, and are counted.
     */
    DeadLetters.ReplayedTo replayTo(DeadLetterFilter filter, String to, Instant now) {
        Criteria dead = matching(filter).with(NOT_AT + ")", to);
        Criteria there = matching(filter).with(NOT_AT.replace("NOT EXISTS", "EXISTS") + ")", to);
        return tx.inTransaction("replay dead letters elsewhere", c -> {
            int already = Sql.query(c, "SELECT COUNT(*) FROM deliveries d" + there.where(), ps -> there.bind(ps, 1), rs -> rs.getInt(1)).get(0);
            int replayed = announced(c, Sql.update(c, replaySql(dead, ", destination = ?", filter), ps -> {
                ps.setLong(1, now.toEpochMilli());
                ps.setLong(2, now.toEpochMilli());
                ps.setString(3, to);
                dead.bind(ps, 4);
            }));
            return new DeadLetters.ReplayedTo(replayed, already);
        });
    }

    /** A message's delivery at the destination bound to it; the outer row is aliased d. */
    private static final String NOT_AT = "NOT EXISTS (SELECT 1 FROM deliveries o WHERE o.message_id = d.message_id AND o.destination = ?";

    private static Criteria matching(DeadLetterFilter filter) {
        return new Criteria().always("d.state = 'DEAD'").with("d.destination = ?", filter.destination()).with("d.source = ?", filter.source())
                .with("d.updated_at >= ?", filter.failedAfter()).with("d.updated_at < ?", filter.failedBefore());
    }

    // The outer state check matters on PostgreSQL: a row replayed concurrently is re-checked after its lock.
    private static String replaySql(Criteria dead, String set, DeadLetterFilter filter) {
        return REPLAY + set + " WHERE state = 'DEAD' AND id IN (SELECT d.id FROM deliveries d" + dead.where() + " ORDER BY d.id"
                + (filter.limit() == null ? "" : " LIMIT " + filter.limit()) + ")";
    }

    /** Replayed work is due now: every node is told (PostgreSQL), so the one with room takes it at once. */
    private int announced(Connection c, int replayed) throws SQLException {
        if (replayed > 0) dialect.announceWork(c, origin);
        return replayed;
    }

    boolean purge(String deliveryId) {
        return tx.inTransaction("purge a dead letter", c -> {
            Sql.update(c, "DELETE FROM attempts WHERE delivery_id IN (SELECT id FROM deliveries WHERE id = ? AND state = 'DEAD')", Sql.values(deliveryId));
            return Sql.update(c, "DELETE FROM deliveries WHERE id = ? AND state = 'DEAD'", Sql.values(deliveryId)) == 1;
        });
    }

    int purgeAll(Optional<String> destination) {
        String where = "state = 'DEAD'" + (destination.isPresent() ? " AND destination = ?" : "");
        List<String> args = destination.map(List::of).orElse(List.of());
        return tx.inTransaction("purge dead letters", c -> {
            Sql.update(c, "DELETE FROM attempts WHERE delivery_id IN (SELECT id FROM deliveries WHERE " + where + ")", Sql.values(1, args));
            return Sql.update(c, "DELETE FROM deliveries WHERE " + where, Sql.values(1, args));
        });
    }
}
