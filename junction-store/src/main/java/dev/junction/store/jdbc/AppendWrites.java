package dev.junction.store.jdbc;

import dev.junction.store.ClaimedDelivery;
import dev.junction.store.IngestOutcome;
import dev.junction.store.NewMessage;
import dev.junction.store.PlannedDelivery;
import dev.junction.store.StoredMessage;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/** Appends to the log: messages and their deliveries, a batch at a time, inside the caller's transaction. */
final class AppendWrites {

    /** One message to append, with its planned deliveries and where their ids come from. */
    record Append(NewMessage message, List<PlannedDelivery> deliveries, Supplier<String> deliveryIds) {}

    private final Dialect dialect;
    private final String origin;

    /** @param origin this store's name in work announcements, so it does not wake itself */
    AppendWrites(Dialect dialect, String origin) {
        this.dialect = dialect;
        this.origin = origin;
    }

    /** Writes the batch; one outcome per append, in order. A duplicate (also within the batch) writes nothing. */
    List<IngestOutcome> write(Connection c, List<Append> batch) throws SQLException {
        int[] inserted = insertMessages(c, batch);
        List<IngestOutcome> outcomes = new ArrayList<>(batch.size());
        Set<String> paused = anyLease(batch) ? pausedKeys(c) : Set.of();
        boolean newWork = Sql.prepared(c, """
                INSERT INTO deliveries (id, message_id, source, destination, state, attempts, next_attempt_at,
                                        created_at, updated_at, ordering_key, ordering_skip_dead, lease_owner, lease_until)
                VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?)""", ps -> {
            boolean any = false;
            boolean announce = false;
            for (int i = 0; i < batch.size(); i++) {
                NewMessage m = batch.get(i).message();
                // A conflict inserts nothing (count 0), also against an earlier row of this same batch.
                String storedId = inserted[i] > 0 ? m.id() : existingId(c, m.source(), m.dedupeKey());
                if (!storedId.equals(m.id())) {
                    outcomes.add(new IngestOutcome(storedId, true));
                    continue;
                }
                long at = m.receivedAt().toEpochMilli();
                List<ClaimedDelivery> leased = new ArrayList<>();
                StoredMessage stored = null;
                for (PlannedDelivery planned : batch.get(i).deliveries()) {
                    String id = batch.get(i).deliveryIds().get();
                    PlannedDelivery.Lease lease = planned.lease();
                    // Keyed deliveries wait their turn in the queue; paused ones wait for resume.
                    boolean direct = lease != null && planned.orderingKey() == null
                            && !paused.contains("destination/" + planned.destination()) && !paused.contains("source/" + m.source());
                    int p = 1;
                    ps.setString(p++, id);
                    ps.setString(p++, m.id());                                   // message_id
                    ps.setString(p++, m.source());
                    ps.setString(p++, planned.destination());
                    ps.setString(p++, direct ? "IN_FLIGHT" : "PENDING");        // state
                    ps.setLong(p++, at);                                         // next_attempt_at
                    ps.setLong(p++, at);                                         // created_at
                    ps.setLong(p++, at);                                         // updated_at
                    ps.setString(p++, planned.orderingKey());
                    ps.setInt(p++, planned.skipDeadOnKey() ? 1 : 0);             // ordering_skip_dead
                    ps.setString(p++, direct ? lease.owner() : null);            // lease_owner
                    if (direct) ps.setLong(p, lease.until().toEpochMilli()); else ps.setNull(p, Types.BIGINT); // lease_until
                    ps.addBatch();
                    any = true;
                    if (direct) {
                        if (stored == null) stored = new StoredMessage(m.id(), m.source(), m.dedupeKey(), m.receivedAt(),
                                m.contentType(), m.headers(), m.body(), m.traceId(), m.eventType());
                        leased.add(new ClaimedDelivery(id, planned.destination(), 0, m.receivedAt(), lease.until(), stored, null));
                    } else {
                        announce = true;
                    }
                }
                outcomes.add(new IngestOutcome(m.id(), false, List.copyOf(leased)));
            }
            if (any) ps.executeBatch();
            return announce;
        });
        if (newWork) dialect.announceWork(c, origin);
        return outcomes;
    }

    private static int[] insertMessages(Connection c, List<Append> batch) throws SQLException {
        return Sql.prepared(c, """
                INSERT INTO messages (id, source, dedupe_key, received_at, content_type, headers, body, trace_id, event_type)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (source, dedupe_key) DO NOTHING""", ps -> {
            for (Append a : batch) {
                NewMessage m = a.message();
                int p = 1;
                ps.setString(p++, m.id());
                ps.setString(p++, m.source());
                ps.setString(p++, m.dedupeKey());
                ps.setLong(p++, m.receivedAt().toEpochMilli());
                ps.setString(p++, m.contentType());
                ps.setString(p++, MessageRows.json(m.headers()));
                ps.setBytes(p++, m.body());
                ps.setString(p++, m.traceId());
                ps.setString(p, m.eventType());
                ps.addBatch();
            }
            return ps.executeBatch();
        });
    }

    private static boolean anyLease(List<Append> batch) {
        for (Append a : batch) for (PlannedDelivery d : a.deliveries()) if (d.lease() != null) return true;
        return false;
    }

    /** The pauses in force, as "kind/name": a tiny table, read inside the transaction that depends on it. */
    private static Set<String> pausedKeys(Connection c) throws SQLException {
        return new HashSet<>(Sql.query(c, "SELECT kind, name FROM paused", ps -> { }, rs -> rs.getString(1) + "/" + rs.getString(2)));
    }

    private static String existingId(Connection c, String source, String dedupeKey) throws SQLException {
        List<String> ids = Sql.query(c, "SELECT id FROM messages WHERE source = ? AND dedupe_key = ?", Sql.values(source, dedupeKey),
                rs -> rs.getString(1));
        if (ids.isEmpty()) throw new SQLException("dedupe conflict but no message for " + source);
        return ids.get(0);
    }
}
