package dev.junction.store.jdbc;

import dev.junction.store.DeadLetterFilter;
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

    /** @param to the destination to replay them to instead of their own, or null */
    int replay(DeadLetterFilter filter, String to, Instant now) {
        Criteria dead = new Criteria().always("state = 'DEAD'").with("destination = ?", filter.destination()).with("source = ?", filter.source())
                .with("updated_at >= ?", filter.failedAfter()).with("updated_at < ?", filter.failedBefore());
        // The outer state check matters on PostgreSQL: a row replayed concurrently is re-checked after its lock.
        String sql = REPLAY + (to == null ? "" : ", destination = ?") + " WHERE state = 'DEAD' AND id IN (SELECT id FROM deliveries" + dead.where() + " ORDER BY id"
                + (filter.limit() == null ? "" : " LIMIT " + filter.limit()) + ")";
        return tx.inTransaction("replay dead letters", c -> announced(c, Sql.update(c, sql, ps -> {
            ps.setLong(1, now.toEpochMilli());
            ps.setLong(2, now.toEpochMilli());
            if (to != null) ps.setString(3, to);
            dead.bind(ps, to == null ? 3 : 4);
        })));
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
