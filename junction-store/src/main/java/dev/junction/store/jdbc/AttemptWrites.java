package dev.junction.store.jdbc;

import dev.junction.core.model.DeliveryState;
import dev.junction.core.retry.OutcomeClass;
import dev.junction.store.AttemptRecord;
import dev.junction.store.Completion;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Records attempts and moves their deliveries on, a batch at a time, inside the caller's transaction. */
final class AttemptWrites {

    /** One attempt to record by the worker that holds the delivery's lease. */
    record Record(String owner, AttemptRecord attempt, Completion next, Instant now) {}

    private AttemptWrites() {}

    /** Writes the batch; for each record in order, whether its lease was still held (the delivery moved on). */
    static List<Boolean> write(Connection c, List<Record> batch) throws SQLException {
        insertAttempts(c, batch);
        // Rows are locked in id order, as lease renewal (one UPDATE ... IN, by primary key) does: no deadlock
        // between two batches or a batch and a renewal.
        List<Record> byId = new ArrayList<>(batch);
        byId.sort(Comparator.comparing(r -> r.attempt().deliveryId()));
        int[] sortedApplied = Sql.prepared(c, """
                UPDATE deliveries SET state = ?, attempts = attempts + 1, next_attempt_at = ?, lease_owner = NULL,
                       lease_until = NULL, last_error = ?, updated_at = ?
                WHERE id = ? AND state = 'IN_FLIGHT' AND lease_owner = ?""", ps -> {
            for (Record r : byId) {
                AttemptRecord a = r.attempt();
                DeliveryState state;
                long nextAt = r.now().toEpochMilli();
                String lastError = a.error() != null ? a.error()
                        : (a.status() != null && a.outcome() != OutcomeClass.SUCCESS ? "HTTP " + a.status() : null);
                switch (r.next()) {
                    case Completion.Succeeded s -> state = DeliveryState.SUCCEEDED;
                    case Completion.RetryAt retry -> {
                        state = DeliveryState.PENDING;
                        nextAt = retry.at().toEpochMilli();
                    }
                    case Completion.Dead d -> {
                        state = DeliveryState.DEAD;
                        lastError = d.reason();
                    }
                }
                int p = 1;
                ps.setString(p++, state.name());
                ps.setLong(p++, nextAt);                  // next_attempt_at
                ps.setString(p++, lastError);
                ps.setLong(p++, r.now().toEpochMilli());  // updated_at
                ps.setString(p++, a.deliveryId());        // id
                ps.setString(p, r.owner());               // lease_owner
                ps.addBatch();
            }
            return ps.executeBatch();
        });
        Map<Record, Boolean> applied = new IdentityHashMap<>();
        for (int i = 0; i < byId.size(); i++) {
            applied.put(byId.get(i), sortedApplied[i] == 1 || sortedApplied[i] == Statement.SUCCESS_NO_INFO);
        }
        List<Boolean> results = new ArrayList<>(batch.size());
        for (Record r : batch) results.add(applied.get(r));
        return results;
    }

    /** Numbered after the last recorded attempt: a replay resets the delivery's attempt budget, not its history. */
    private static void insertAttempts(Connection c, List<Record> batch) throws SQLException {
        Sql.prepared(c, """
                INSERT INTO attempts (delivery_id, number, started_at, duration_ms, outcome, status, error, response_excerpt, batch_id)
                SELECT ?, COALESCE(MAX(number), 0) + 1, ?, ?, ?, ?, ?, ?, ? FROM attempts WHERE delivery_id = ?
                ON CONFLICT (delivery_id, number) DO NOTHING""", ps -> {
            for (Record r : batch) {
                AttemptRecord a = r.attempt();
                int p = 1;
                ps.setString(p++, a.deliveryId());
                ps.setLong(p++, a.startedAt().toEpochMilli());
                ps.setLong(p++, a.duration().toMillis());
                ps.setString(p++, a.outcome().name());
                if (a.status() == null) ps.setNull(p++, Types.INTEGER); else ps.setInt(p++, a.status());
                ps.setString(p++, a.error());
                ps.setString(p++, a.responseExcerpt());
                ps.setString(p++, a.batchId());
                ps.setString(p, a.deliveryId());          // FROM attempts WHERE delivery_id
                ps.addBatch();
            }
            return ps.executeBatch();
        });
    }
}
