package dev.junction.store.jdbc;

import java.time.Instant;
import java.util.List;

/** Retention: deletes old messages whose deliveries all succeeded, a short transaction at a time. */
final class Pruner {

    private final Transactions tx;

    Pruner(Transactions tx) {
        this.tx = tx;
    }

    int pruneSucceeded(Instant receivedBefore, int batchSize) {
        return tx.inTransaction("prune succeeded messages", c -> {
            List<String> ids = Sql.query(c, """
                    SELECT id FROM messages m WHERE received_at < ?
                      AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.message_id = m.id AND d.state <> 'SUCCEEDED')
                    ORDER BY received_at LIMIT ?""", Sql.values(receivedBefore.toEpochMilli(), batchSize), rs -> rs.getString(1));
            if (ids.isEmpty()) return 0;
            String in = "(" + Sql.placeholders(ids.size()) + ")";
            Sql.update(c, "DELETE FROM attempts WHERE delivery_id IN (SELECT id FROM deliveries WHERE message_id IN " + in + ")", Sql.values(1, ids));
            Sql.update(c, "DELETE FROM deliveries WHERE message_id IN " + in, Sql.values(1, ids));
            Sql.update(c, "DELETE FROM messages WHERE id IN " + in, Sql.values(1, ids));
            return ids.size();
        });
    }
}
