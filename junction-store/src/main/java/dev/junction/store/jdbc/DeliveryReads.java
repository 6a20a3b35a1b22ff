package dev.junction.store.jdbc;

import dev.junction.core.model.DeliveryState;
import dev.junction.core.retry.OutcomeClass;
import dev.junction.store.AttemptRecord;
import dev.junction.store.DeliveryView;
import dev.junction.store.DestinationBacklog;
import dev.junction.store.StoredMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** One delivery, one message, their attempts, and the backlog counts: the reads behind a message's story. */
final class DeliveryReads {

    private final Transactions tx;

    DeliveryReads(Transactions tx) {
        this.tx = tx;
    }

    Optional<DeliveryView> delivery(String deliveryId) {
        return tx.read("read a delivery", c ->
                deliveries(c, "SELECT " + Listings.DELIVERY_COLUMNS + " FROM deliveries WHERE id = ?", deliveryId).stream().findFirst());
    }

    List<DeliveryView> deliveriesOf(String messageId) {
        return tx.read("read deliveries", c ->
                deliveries(c, "SELECT " + Listings.DELIVERY_COLUMNS + " FROM deliveries WHERE message_id = ? ORDER BY destination", messageId));
    }

    private static List<DeliveryView> deliveries(Connection c, String sql, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, id);
            return Listings.readDeliveries(ps);
        }
    }

    Optional<StoredMessage> message(String messageId) {
        return tx.read("read a message", c -> Optional.ofNullable(MessageRows.byIds(c, List.of(messageId)).get(messageId)));
    }

    List<AttemptRecord> attempts(String deliveryId) {
        return tx.read("read attempts", c -> Sql.query(c, """
                SELECT delivery_id, number, started_at, duration_ms, outcome, status, error, response_excerpt, batch_id
                FROM attempts WHERE delivery_id = ? ORDER BY number""", Sql.values(deliveryId), rs -> {
            int status = rs.getInt(6);
            Integer boxed = rs.wasNull() ? null : status;
            return new AttemptRecord(rs.getString(1), rs.getInt(2), Instant.ofEpochMilli(rs.getLong(3)),
                    Duration.ofMillis(rs.getLong(4)), OutcomeClass.valueOf(rs.getString(5)), boxed, rs.getString(7), rs.getString(8), rs.getString(9));
        }));
    }

    long pendingCount() {
        return tx.read("count pending deliveries", c ->
                Sql.query(c, "SELECT COUNT(*) FROM deliveries WHERE state = 'PENDING'", ps -> { }, rs -> rs.getLong(1)).get(0));
    }

    /** One arm per state, each matching a partial index, so succeeded work is never scanned. */
    List<DestinationBacklog> backlog(Instant now) {
        return tx.read("read the backlog", c -> {
            Map<String, long[]> counts = new TreeMap<>();
            Map<String, Instant> oldestDue = new HashMap<>();
            Sql.query(c, """
                    SELECT destination, state, COUNT(*), SUM(CASE WHEN next_attempt_at <= ? THEN 1 ELSE 0 END),
                           MIN(CASE WHEN next_attempt_at <= ? THEN next_attempt_at END)
                    FROM deliveries WHERE state = 'PENDING' GROUP BY destination, state
                    UNION ALL SELECT destination, state, COUNT(*), 0, NULL FROM deliveries WHERE state = 'IN_FLIGHT' GROUP BY destination, state
                    UNION ALL SELECT destination, state, COUNT(*), 0, NULL FROM deliveries WHERE state = 'DEAD' GROUP BY destination, state""",
                    Sql.values(now.toEpochMilli(), now.toEpochMilli()), rs -> {
                        long[] row = counts.computeIfAbsent(rs.getString(1), d -> new long[4]);
                        switch (DeliveryState.valueOf(rs.getString(2))) {
                            case PENDING -> {
                                row[0] = rs.getLong(3);
                                row[1] = rs.getLong(4);
                                long oldest = rs.getLong(5);
                                if (!rs.wasNull()) oldestDue.put(rs.getString(1), Instant.ofEpochMilli(oldest));
                            }
                            case IN_FLIGHT -> row[2] = rs.getLong(3);
                            default -> row[3] = rs.getLong(3);
                        }
                        return row;
                    });
            List<DestinationBacklog> result = new ArrayList<>();
            counts.forEach((d, n) -> result.add(new DestinationBacklog(d, n[0], n[1], n[2], n[3], oldestDue.get(d))));
            return result;
        });
    }
}
