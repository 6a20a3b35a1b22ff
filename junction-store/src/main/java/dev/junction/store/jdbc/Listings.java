package dev.junction.store.jdbc;

import dev.junction.core.event.EventTypeGlob;
import dev.junction.core.model.DeliveryState;
import dev.junction.core.retry.OutcomeClass;
import dev.junction.store.Activity;
import dev.junction.store.DeliveryFilter;
import dev.junction.store.DeliveryView;
import dev.junction.store.MessageFilter;
import dev.junction.store.MessageSummary;
import dev.junction.store.PageRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The operators' read side of the store: keyset listings, message search, recent activity and backlog. */
final class Listings {

    static final String DELIVERY_COLUMNS =
            "id, message_id, source, destination, state, attempts, next_attempt_at, last_error, created_at, updated_at, ordering_key";

    private final Transactions tx;
    private final Dialect dialect;

    Listings(Transactions tx, Dialect dialect) {
        this.tx = tx;
        this.dialect = dialect;
    }

    List<DeliveryView> deliveries(DeliveryFilter filter, PageRequest page) {
        Criteria where = new Criteria().with("destination = ?", filter.destination()).with("source = ?", filter.source())
                .with("state = ?", filter.state()).after("id", page);
        return tx.read("list deliveries", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + DELIVERY_COLUMNS + " FROM deliveries" + where.page("id", page))) {
                where.bind(ps, 1, page.limit());
                return readDeliveries(ps);
            }
        });
    }

    static List<DeliveryView> readDeliveries(PreparedStatement ps) throws SQLException {
        List<DeliveryView> result = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                result.add(new DeliveryView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        DeliveryState.valueOf(rs.getString(5)), rs.getInt(6), Instant.ofEpochMilli(rs.getLong(7)),
                        rs.getString(8), Instant.ofEpochMilli(rs.getLong(9)), Instant.ofEpochMilli(rs.getLong(10)), rs.getString(11)));
            }
        }
        return result;
    }

    /**
     * The distinct sources of the stored messages, one index seek each along (source, id) (a loose index scan): a
     * handful of sources costs a handful of seeks however many messages there are.
     */
    static final String EVERY_SOURCE = "WITH RECURSIVE s(source) AS (SELECT MIN(source) FROM messages"
            + " UNION ALL SELECT (SELECT MIN(n.source) FROM messages n WHERE n.source > s.source) FROM s WHERE s.source IS NOT NULL)"
            + " SELECT source FROM s WHERE source IS NOT NULL";

    List<MessageSummary> messages(MessageFilter filter, PageRequest page) {
        Criteria where = new Criteria().with("m.source = ?", filter.source())
                // The unique (source, dedupe_key) index serves a key without a source too: once per source (V18).
                .with(filter.source() == null ? "m.source IN (" + EVERY_SOURCE + ") AND m.dedupe_key = ?" : "m.dedupe_key = ?", filter.dedupeKey())
                .with("m.received_at >= ?", filter.receivedAfter()).with("m.received_at < ?", filter.receivedBefore())
                .with(exactType(filter) ? "m.event_type = ?" : dialect.typeMatches("m.event_type"),
                        exactType(filter) ? filter.eventType() : dialect.typePattern(filter.eventType()))
                .with(filter.deliveryState() == DeliveryState.SUCCEEDED
                        // Most messages succeed: walking the newest and checking each fills a page at once.
                        ? "EXISTS (SELECT 1 FROM deliveries d WHERE d.message_id = m.id AND d.state = ?)"
                        // The other states are rare and each has a partial index: start from the deliveries.
                        : "m.id IN (SELECT d.message_id FROM deliveries d WHERE d.state = ?)", filter.deliveryState())
                .after("m.id", page);
        return tx.read("search messages", c -> {
            record Row(String id, String source, String dedupeKey, Instant receivedAt, String traceId, long bodyBytes, String eventType) {}
            List<Row> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT m.id, m.source, m.dedupe_key, m.received_at, m.trace_id, LENGTH(m.body),"
                    + " m.event_type FROM messages m" + where.page("m.id", page))) {
                where.bind(ps, 1, page.limit());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3), Instant.ofEpochMilli(rs.getLong(4)),
                                rs.getString(5), rs.getLong(6), rs.getString(7)));
                    }
                }
            }
            Map<String, Map<DeliveryState, Integer>> states = deliveryStates(c, rows.stream().map(Row::id).toList());
            return rows.stream().map(r -> new MessageSummary(r.id(), r.source(), r.dedupeKey(), r.receivedAt(), r.traceId(), r.bodyBytes(),
                    states.getOrDefault(r.id(), Map.of()), r.eventType())).toList();
        });
    }

    /** An exact type is an equality, which the (event_type, id) index serves already in id order; a pattern is the dialect's. */
    private static boolean exactType(MessageFilter filter) {
        return filter.eventType() == null || EventTypeGlob.of(filter.eventType()).isExact();
    }

    private static Map<String, Map<DeliveryState, Integer>> deliveryStates(Connection c, List<String> messageIds) throws SQLException {
        Map<String, Map<DeliveryState, Integer>> result = new LinkedHashMap<>();
        if (messageIds.isEmpty()) return result;
        try (PreparedStatement ps = c.prepareStatement("SELECT message_id, state, COUNT(*) FROM deliveries WHERE message_id IN ("
                + Sql.placeholders(messageIds.size()) + ") GROUP BY message_id, state")) {
            for (int i = 0; i < messageIds.size(); i++) ps.setString(i + 1, messageIds.get(i));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.computeIfAbsent(rs.getString(1), k -> new EnumMap<>(DeliveryState.class))
                            .put(DeliveryState.valueOf(rs.getString(2)), rs.getInt(3));
                }
            }
        }
        return result;
    }

    Activity activity(Instant since) {
        long from = since.toEpochMilli();
        return tx.read("summarise recent activity", c -> {
            Map<String, Long> received = new TreeMap<>();
            Map<String, Long> unrouted = new TreeMap<>();
            // A message without deliveries went nowhere: no route took it (or its dead deliveries were purged since).
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT m.source || '', COUNT(*),
                           SUM(CASE WHEN NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.message_id = m.id) THEN 1 ELSE 0 END)
                    FROM messages m WHERE m.received_at >= ? GROUP BY m.source || ''""")) {
                ps.setLong(1, from);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        received.put(rs.getString(1), rs.getLong(2));
                        unrouted.put(rs.getString(1), rs.getLong(3));
                    }
                }
            }
            // source -> destination -> [succeeded, retryable, permanent, dead letters]
            Map<String, Map<String, long[]>> flows = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT d.source, d.destination, a.outcome, COUNT(*) FROM attempts a JOIN deliveries d ON d.id = a.delivery_id
                    WHERE a.started_at >= ? GROUP BY d.source, d.destination, a.outcome""")) {
                ps.setLong(1, from);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        flow(flows, rs.getString(1), rs.getString(2))[OutcomeClass.valueOf(rs.getString(3)).ordinal()] += rs.getLong(4);
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT source, destination, COUNT(*) FROM deliveries WHERE state = 'DEAD' AND updated_at >= ? GROUP BY source, destination")) {
                ps.setLong(1, from);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) flow(flows, rs.getString(1), rs.getString(2))[3] = rs.getLong(3);
                }
            }
            List<Activity.Flow> result = new ArrayList<>();
            flows.forEach((source, byDestination) -> byDestination.forEach((destination, n) ->
                    result.add(new Activity.Flow(source, destination, n[OutcomeClass.SUCCESS.ordinal()], n[OutcomeClass.RETRYABLE.ordinal()],
                            n[OutcomeClass.PERMANENT.ordinal()], n[3]))));
            return new Activity(since, received, unrouted, result);
        });
    }

    private static long[] flow(Map<String, Map<String, long[]>> flows, String source, String destination) {
        return flows.computeIfAbsent(source, k -> new TreeMap<>()).computeIfAbsent(destination, k -> new long[4]);
    }

}
