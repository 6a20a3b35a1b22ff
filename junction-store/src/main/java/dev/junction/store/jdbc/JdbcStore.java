package dev.junction.store.jdbc;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import dev.junction.core.model.DeliveryState;
import dev.junction.core.retry.OutcomeClass;
import dev.junction.store.Activity;
import dev.junction.store.ApiKey;
import dev.junction.store.AttemptRecord;
import dev.junction.store.DeadLetterFilter;
import dev.junction.store.DeliveryFilter;
import dev.junction.store.MessageFilter;
import dev.junction.store.MessageSummary;
import dev.junction.store.PageRequest;
import dev.junction.store.ClaimedDelivery;
import dev.junction.store.Completion;
import dev.junction.store.DeliveryView;
import dev.junction.store.IngestOutcome;
import dev.junction.store.NewMessage;
import dev.junction.store.Store;
import dev.junction.store.StoreStats;
import dev.junction.store.StoredMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** The store on JDBC: shared SQL, with the few engine differences in a {@link Dialect}. */
public final class JdbcStore implements Store {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {};
    private static final String PAUSED_FILTER = "AND NOT EXISTS (SELECT 1 FROM paused p WHERE "
            + "(p.kind = 'destination' AND p.name = c.destination) OR (p.kind = 'source' AND p.name = c.source))";
    /**
     * Per-key FIFO: a keyed delivery waits while an earlier one of its key and destination is unfinished
     * (pending, in flight, or dead unless its route skips dead ones). Ids sort by creation.
     */
    private static final String ORDERING_FILTER = " AND (c.ordering_key IS NULL OR NOT EXISTS (SELECT 1 FROM deliveries e"
            + " WHERE e.destination = c.destination AND e.ordering_key = c.ordering_key AND e.id < c.id"
            + " AND e.state <> 'SUCCEEDED' AND NOT (e.state = 'DEAD' AND e.ordering_skip_dead = 1)))";
    private static final String DELIVERY_COLUMNS = Listings.DELIVERY_COLUMNS;

    private final HikariDataSource dataSource;
    private final Dialect dialect;
    private final Transactions tx;
    /** Ingests and attempt records, committed together: one transaction, one fsync for all that queued meanwhile. */
    private final GroupCommit<Write, Object> writes;
    /** This instance's name in work announcements, so it does not wake itself for what it just did. */
    private final String origin = java.util.UUID.randomUUID().toString();
    private final ApiKeyTable keyTable;
    private final Listings listings;
    private final String jdbcUrl;
    private final String user;
    private final String password;

    /** The pool, for this package's tests. */
    HikariDataSource dataSource() {
        return dataSource;
    }

    JdbcStore(HikariDataSource dataSource, Dialect dialect, String jdbcUrl, String user, String password) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.tx = new Transactions(dataSource);
        this.keyTable = new ApiKeyTable(tx);
        this.listings = new Listings(tx, dialect);
        // At most 10,000 ingests wait; attempt records are never refused (workers bound how many there are).
        this.writes = new GroupCommit<>("store", this::writeMixed, dialect.ingestWriters(), 256, 10_000, w -> w instanceof IngestRequest);
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
    }

    /** "sqlite" or "postgresql". */
    public String engine() { return dialect.name(); }

    @Override
    public IngestOutcome append(NewMessage m, List<dev.junction.store.PlannedDelivery> deliveries, Supplier<String> deliveryIds) {
        return (IngestOutcome) writes.submit(new IngestRequest(m, deliveries, deliveryIds));
    }

    private sealed interface Write permits IngestRequest, CompleteRequest {}

    private record IngestRequest(NewMessage message, List<dev.junction.store.PlannedDelivery> destinations,
                                 Supplier<String> deliveryIds) implements Write {}

    private record CompleteRequest(String owner, AttemptRecord attempt, Completion next, Instant now) implements Write {}

    /** One transaction for whatever queued: new events and the attempts that finished meanwhile. */
    private List<Object> writeMixed(List<Write> batch) {
        List<IngestRequest> ingests = new ArrayList<>();
        List<CompleteRequest> completions = new ArrayList<>();
        for (Write w : batch) {
            switch (w) {
                case IngestRequest i -> ingests.add(i);
                case CompleteRequest c -> completions.add(c);
            }
        }
        String what = ingests.isEmpty() ? "record attempts" : completions.isEmpty() ? "store messages" : "store messages and record attempts";
        return tx.inTransaction(what, c -> {
            java.util.Iterator<IngestOutcome> stored = ingests.isEmpty() ? java.util.Collections.emptyIterator() : writeBatch(c, ingests).iterator();
            java.util.Iterator<Boolean> recorded = completions.isEmpty() ? java.util.Collections.emptyIterator() : completeBatch(c, completions).iterator();
            List<Object> results = new ArrayList<>(batch.size());
            for (Write w : batch) results.add(w instanceof IngestRequest ? stored.next() : recorded.next());
            return results;
        });
    }

    /** Writes a batch of ingests inside the caller's transaction. */
    private List<IngestOutcome> writeBatch(Connection c, List<IngestRequest> batch) throws SQLException {
        int[] counts;
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO messages (id, source, dedupe_key, received_at, content_type, headers, body, trace_id, event_type)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (source, dedupe_key) DO NOTHING""")) {
            for (IngestRequest p : batch) {
                NewMessage m = p.message();
                ps.setString(1, m.id());
                ps.setString(2, m.source());
                ps.setString(3, m.dedupeKey());
                ps.setLong(4, m.receivedAt().toEpochMilli());
                ps.setString(5, m.contentType());
                ps.setString(6, toJson(m.headers()));
                ps.setBytes(7, m.body());
                ps.setString(8, m.traceId());
                ps.setString(9, m.eventType());
                ps.addBatch();
            }
            counts = ps.executeBatch();
        }
        List<IngestOutcome> outcomes = new ArrayList<>(batch.size());
        boolean newWork = false;
        java.util.Set<String> paused = anyLease(batch) ? pausedKeys(c) : java.util.Set.of();
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO deliveries (id, message_id, source, destination, state, attempts, next_attempt_at,
                                        created_at, updated_at, ordering_key, ordering_skip_dead, lease_owner, lease_until)
                VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?)""")) {
            boolean any = false;
            for (int i = 0; i < batch.size(); i++) {
                NewMessage m = batch.get(i).message();
                // A conflict inserts nothing (count 0), also against an earlier row of this same batch.
                String storedId = counts[i] > 0 ? m.id() : existingId(c, m.source(), m.dedupeKey());
                if (!storedId.equals(m.id())) {
                    outcomes.add(new IngestOutcome(storedId, true));
                    continue;
                }
                long at = m.receivedAt().toEpochMilli();
                List<ClaimedDelivery> leased = new ArrayList<>();
                StoredMessage stored = null;
                for (dev.junction.store.PlannedDelivery planned : batch.get(i).destinations()) {
                    String id = batch.get(i).deliveryIds().get();
                    dev.junction.store.PlannedDelivery.Lease lease = planned.lease();
                    // Keyed deliveries wait their turn in the queue; paused ones wait for resume.
                    boolean direct = lease != null && planned.orderingKey() == null
                            && !paused.contains("destination/" + planned.destination()) && !paused.contains("source/" + m.source());
                    ps.setString(1, id);
                    ps.setString(2, m.id());
                    ps.setString(3, m.source());
                    ps.setString(4, planned.destination());
                    ps.setString(5, direct ? "IN_FLIGHT" : "PENDING");
                    ps.setLong(6, at);
                    ps.setLong(7, at);
                    ps.setLong(8, at);
                    ps.setString(9, planned.orderingKey());
                    ps.setInt(10, planned.skipDeadOnKey() ? 1 : 0);
                    ps.setString(11, direct ? lease.owner() : null);
                    if (direct) ps.setLong(12, lease.until().toEpochMilli()); else ps.setNull(12, Types.BIGINT);
                    ps.addBatch();
                    any = true;
                    if (direct) {
                        if (stored == null) stored = new StoredMessage(m.id(), m.source(), m.dedupeKey(), m.receivedAt(),
                                m.contentType(), m.headers(), m.body(), m.traceId(), m.eventType());
                        leased.add(new ClaimedDelivery(id, planned.destination(), 0, m.receivedAt(), lease.until(), stored, null));
                    } else {
                        newWork = true;
                    }
                }
                outcomes.add(new IngestOutcome(m.id(), false, List.copyOf(leased)));
            }
            if (any) ps.executeBatch();
        }
        if (newWork) dialect.announceWork(c, origin);
        return outcomes;
    }

    private static boolean anyLease(List<IngestRequest> batch) {
        for (IngestRequest r : batch) for (dev.junction.store.PlannedDelivery d : r.destinations()) if (d.lease() != null) return true;
        return false;
    }

    /** The pauses in force, as "kind/name": a tiny table, read inside the transaction that depends on it. */
    private static java.util.Set<String> pausedKeys(Connection c) throws SQLException {
        java.util.Set<String> keys = new java.util.HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT kind, name FROM paused"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) keys.add(rs.getString(1) + "/" + rs.getString(2));
        }
        return keys;
    }

    private static String existingId(Connection c, String source, String dedupeKey) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM messages WHERE source = ? AND dedupe_key = ?")) {
            ps.setString(1, source);
            ps.setString(2, dedupeKey);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new SQLException("dedupe conflict but no message for " + source);
                return rs.getString(1);
            }
        }
    }

    /** Expired leases first (their deliveries are the oldest), then due PENDING work, each along its own partial index. */
    private static final String[][] CLAIM_BRANCHES = {
            {"c.state = 'IN_FLIGHT' AND c.lease_until <= ?", "c.lease_until"},
            {"c.state = 'PENDING' AND c.next_attempt_at <= ?", "c.next_attempt_at"}};

    @Override
    public List<ClaimedDelivery> claimDue(String owner, Instant now, Duration lease, int limit, java.util.Set<String> skipped) {
        Instant leaseUntil = now.plus(lease);
        List<String> skip = List.copyOf(skipped);
        String filter = PAUSED_FILTER + ORDERING_FILTER + notIn(skip);
        return tx.inTransaction("claim deliveries", c -> {
            record Claimed(String id, String destination, int attempts, long createdAt, String messageId, String orderingKey) {}
            List<Claimed> claimed = new ArrayList<>();
            for (String[] branch : CLAIM_BRANCHES) {
                if (claimed.size() >= limit) break;
                try (PreparedStatement ps = c.prepareStatement(dialect.claimSql(branch[0] + " " + filter, branch[1]))) {
                    int i = 1;
                    ps.setString(i++, owner);
                    ps.setLong(i++, leaseUntil.toEpochMilli());
                    ps.setLong(i++, now.toEpochMilli());
                    ps.setLong(i++, now.toEpochMilli());
                    for (String destination : skip) ps.setString(i++, destination);
                    ps.setInt(i, limit - claimed.size());
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            claimed.add(new Claimed(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getLong(4), rs.getString(5), rs.getString(6)));
                        }
                    }
                }
            }
            if (claimed.isEmpty()) return List.of();
            Map<String, StoredMessage> messages = messages(c, claimed.stream().map(Claimed::messageId).distinct().toList());
            List<ClaimedDelivery> result = new ArrayList<>(claimed.size());
            for (Claimed d : claimed) {
                result.add(new ClaimedDelivery(d.id(), d.destination(), d.attempts(), Instant.ofEpochMilli(d.createdAt()),
                        leaseUntil, messages.get(d.messageId()), d.orderingKey()));
            }
            return result;
        });
    }

    private static String notIn(List<String> skip) {
        return skip.isEmpty() ? "" : " AND c.destination NOT IN (" + String.join(",", java.util.Collections.nCopies(skip.size(), "?")) + ")";
    }

    private Map<String, StoredMessage> messages(Connection c, List<String> ids) throws SQLException {
        Map<String, StoredMessage> byId = new HashMap<>();
        String marks = String.join(",", java.util.Collections.nCopies(ids.size(), "?"));
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, source, dedupe_key, received_at, content_type, headers, body, trace_id, event_type FROM messages WHERE id IN ("
                        + marks + ")")) {
            for (int i = 0; i < ids.size(); i++) ps.setString(i + 1, ids.get(i));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    StoredMessage m = readMessage(rs);
                    byId.put(m.id(), m);
                }
            }
        }
        return byId;
    }

    private static StoredMessage readMessage(ResultSet rs) throws SQLException {
        return new StoredMessage(rs.getString(1), rs.getString(2), rs.getString(3), Instant.ofEpochMilli(rs.getLong(4)),
                rs.getString(5), fromJson(rs.getString(6)), rs.getBytes(7), rs.getString(8), rs.getString(9));
    }

    @Override
    public boolean complete(String owner, AttemptRecord a, Completion next, Instant now) {
        return (Boolean) writes.submit(new CompleteRequest(owner, a, next, now));
    }

    /** Records every attempt of the batch and moves each delivery on, inside the caller's transaction. */
    private List<Boolean> completeBatch(Connection c, List<CompleteRequest> batch) throws SQLException {
        // Numbered after the last recorded attempt: a replay resets the delivery's attempt budget, not its history.
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO attempts (delivery_id, number, started_at, duration_ms, outcome, status, error, response_excerpt)
                SELECT ?, COALESCE(MAX(number), 0) + 1, ?, ?, ?, ?, ?, ? FROM attempts WHERE delivery_id = ?
                ON CONFLICT (delivery_id, number) DO NOTHING""")) {
            for (CompleteRequest r : batch) {
                AttemptRecord a = r.attempt();
                ps.setString(1, a.deliveryId());
                ps.setLong(2, a.startedAt().toEpochMilli());
                ps.setLong(3, a.duration().toMillis());
                ps.setString(4, a.outcome().name());
                if (a.status() == null) ps.setNull(5, Types.INTEGER); else ps.setInt(5, a.status());
                ps.setString(6, a.error());
                ps.setString(7, a.responseExcerpt());
                ps.setString(8, a.deliveryId());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        // Rows are locked in id order, as lease renewal (one UPDATE ... IN, by primary key) does: no deadlock
        // between two batches or a batch and a renewal.
        List<CompleteRequest> byId = new ArrayList<>(batch);
        byId.sort(java.util.Comparator.comparing(r -> r.attempt().deliveryId()));
        int[] sortedApplied;
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE deliveries SET state = ?, attempts = attempts + 1, next_attempt_at = ?, lease_owner = NULL,
                       lease_until = NULL, last_error = ?, updated_at = ?
                WHERE id = ? AND state = 'IN_FLIGHT' AND lease_owner = ?""")) {
            for (CompleteRequest r : byId) {
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
                ps.setString(1, state.name());
                ps.setLong(2, nextAt);
                ps.setString(3, lastError);
                ps.setLong(4, r.now().toEpochMilli());
                ps.setString(5, a.deliveryId());
                ps.setString(6, r.owner());
                ps.addBatch();
            }
            sortedApplied = ps.executeBatch();
        }
        java.util.IdentityHashMap<CompleteRequest, Boolean> applied = new java.util.IdentityHashMap<>();
        for (int i = 0; i < byId.size(); i++) {
            applied.put(byId.get(i), sortedApplied[i] == 1 || sortedApplied[i] == java.sql.Statement.SUCCESS_NO_INFO);
        }
        List<Boolean> results = new ArrayList<>(batch.size());
        for (CompleteRequest r : batch) results.add(applied.get(r));
        return results;
    }

    @Override
    public int renewLeases(String owner, java.util.Collection<String> deliveryIds, Instant until) {
        if (deliveryIds.isEmpty()) return 0;
        List<String> ids = List.copyOf(deliveryIds);
        return tx.inTransaction("renew leases", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE deliveries SET lease_until = ? WHERE state = 'IN_FLIGHT' AND lease_owner = ? AND id IN ("
                    + String.join(",", java.util.Collections.nCopies(ids.size(), "?")) + ")")) {
                ps.setLong(1, until.toEpochMilli());
                ps.setString(2, owner);
                for (int i = 0; i < ids.size(); i++) ps.setString(i + 3, ids.get(i));
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void release(String owner, String deliveryId, Instant at, Instant now) {
        tx.inTransaction("release a delivery", c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE deliveries SET state = 'PENDING', next_attempt_at = ?, lease_owner = NULL, lease_until = NULL,
                           updated_at = ?
                    WHERE id = ? AND state = 'IN_FLIGHT' AND lease_owner = ?""")) {
                ps.setLong(1, at.toEpochMilli());
                ps.setLong(2, now.toEpochMilli());
                ps.setString(3, deliveryId);
                ps.setString(4, owner);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void pause(dev.junction.store.Pause.Kind kind, String name, String reason, Instant now) {
        tx.inTransaction("pause " + kind.key() + " " + name, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO paused (kind, name, paused_at, reason) VALUES (?, ?, ?, ?) ON CONFLICT (kind, name) DO NOTHING")) {
                ps.setString(1, kind.key());
                ps.setString(2, name);
                ps.setLong(3, now.toEpochMilli());
                ps.setString(4, reason);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public boolean resume(dev.junction.store.Pause.Kind kind, String name) {
        return tx.inTransaction("resume " + kind.key() + " " + name, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM paused WHERE kind = ? AND name = ?")) {
                ps.setString(1, kind.key());
                ps.setString(2, name);
                boolean resumed = ps.executeUpdate() == 1;
                if (resumed) dialect.announceWork(c, origin);
                return resumed;
            }
        });
    }

    @Override
    public List<dev.junction.store.Pause> pauses() {
        return tx.read("list pauses", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT kind, name, paused_at, reason FROM paused ORDER BY kind, name");
                 ResultSet rs = ps.executeQuery()) {
                List<dev.junction.store.Pause> result = new ArrayList<>();
                while (rs.next()) {
                    result.add(new dev.junction.store.Pause(dev.junction.store.Pause.Kind.valueOf(rs.getString(1).toUpperCase(java.util.Locale.ROOT)),
                            rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)), rs.getString(4)));
                }
                return result;
            }
        });
    }

    @Override
    public Optional<Instant> nextDueAt(java.util.Set<String> skipped) {
        List<String> skip = List.copyOf(skipped);
        String filter = PAUSED_FILTER + ORDERING_FILTER + notIn(skip);
        return tx.read("find the next due delivery", c -> {
            Optional<Instant> next = Optional.empty();
            // The first row of each partial index that passes the filters: no scan of the whole backlog.
            for (String[] branch : new String[][] {{"PENDING", "next_attempt_at"}, {"IN_FLIGHT", "lease_until"}}) {
                try (PreparedStatement ps = c.prepareStatement("SELECT c.%2$s FROM deliveries c WHERE c.state = '%1$s' %3$s ORDER BY c.%2$s LIMIT 1"
                        .formatted(branch[0], branch[1], filter))) {
                    for (int i = 0; i < skip.size(); i++) ps.setString(i + 1, skip.get(i));
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            Instant t = Instant.ofEpochMilli(rs.getLong(1));
                            if (next.isEmpty() || t.isBefore(next.get())) next = Optional.of(t);
                        }
                    }
                }
            }
            return next;
        });
    }

    @Override
    public List<DeliveryView> deadLetters(Optional<String> destination, Optional<String> afterId, int limit) {
        return listings.deliveries(DeliveryFilter.ALL.state(DeliveryState.DEAD).destination(destination.orElse(null)),
                PageRequest.oldestFirst(afterId.orElse(null), limit));
    }

    @Override
    public List<DeliveryView> deliveries(DeliveryFilter filter, PageRequest page) {
        return listings.deliveries(filter, page);
    }

    @Override
    public List<MessageSummary> messages(MessageFilter filter, PageRequest page) {
        return listings.messages(filter, page);
    }

    @Override
    public Activity activity(Instant since) {
        return listings.activity(since);
    }

    @Override
    public List<dev.junction.store.SeriesBucket> series(dev.junction.store.SeriesQuery query) {
        return new ActivitySeries(tx, dialect).read(query);
    }

    @Override
    public boolean replay(String deliveryId, Instant now) {
        return tx.inTransaction("replay a dead letter", c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE deliveries SET state = 'PENDING', attempts = 0, next_attempt_at = ?, updated_at = ?
                    WHERE id = ? AND state = 'DEAD'""")) {
                ps.setLong(1, now.toEpochMilli());
                ps.setLong(2, now.toEpochMilli());
                ps.setString(3, deliveryId);
                boolean replayed = ps.executeUpdate() == 1;
                if (replayed) dialect.announceWork(c, origin);
                return replayed;
            }
        });
    }

    @Override
    public int replayDead(DeadLetterFilter filter, Instant now) {
        Criteria dead = new Criteria().always("state = 'DEAD'").with("destination = ?", filter.destination()).with("source = ?", filter.source())
                .with("updated_at >= ?", filter.failedAfter()).with("updated_at < ?", filter.failedBefore());
        // The outer state check matters on PostgreSQL: a row replayed concurrently is re-checked after its lock.
        String sql = "UPDATE deliveries SET state = 'PENDING', attempts = 0, next_attempt_at = ?, updated_at = ? WHERE state = 'DEAD' AND id IN ("
                + "SELECT id FROM deliveries" + dead.where() + " ORDER BY id" + (filter.limit() == null ? "" : " LIMIT " + filter.limit()) + ")";
        return tx.inTransaction("replay dead letters", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, now.toEpochMilli());
                ps.setLong(2, now.toEpochMilli());
                dead.bind(ps, 3);
                int replayed = ps.executeUpdate();
                if (replayed > 0) dialect.announceWork(c, origin);
                return replayed;
            }
        });
    }

    @Override
    public int pruneSucceeded(Instant receivedBefore, int batchSize) {
        return tx.inTransaction("prune succeeded messages", c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT id FROM messages m WHERE received_at < ?
                      AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.message_id = m.id AND d.state <> 'SUCCEEDED')
                    ORDER BY received_at LIMIT ?""")) {
                ps.setLong(1, receivedBefore.toEpochMilli());
                ps.setInt(2, batchSize);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) ids.add(rs.getString(1));
                }
            }
            if (ids.isEmpty()) return 0;
            String marks = String.join(",", java.util.Collections.nCopies(ids.size(), "?"));
            update(c, "DELETE FROM attempts WHERE delivery_id IN (SELECT id FROM deliveries WHERE message_id IN (" + marks + "))", ids);
            update(c, "DELETE FROM deliveries WHERE message_id IN (" + marks + ")", ids);
            update(c, "DELETE FROM messages WHERE id IN (" + marks + ")", ids);
            return ids.size();
        });
    }

    @Override
    public boolean purgeDeadLetter(String deliveryId) {
        return tx.inTransaction("purge a dead letter", c -> {
            update(c, "DELETE FROM attempts WHERE delivery_id IN (SELECT id FROM deliveries WHERE id = ? AND state = 'DEAD')", List.of(deliveryId));
            return update(c, "DELETE FROM deliveries WHERE id = ? AND state = 'DEAD'", List.of(deliveryId)) == 1;
        });
    }

    @Override
    public int purgeDeadLetters(Optional<String> destination) {
        String where = "state = 'DEAD'" + (destination.isPresent() ? " AND destination = ?" : "");
        List<String> args = destination.map(List::of).orElse(List.of());
        return tx.inTransaction("purge dead letters", c -> {
            update(c, "DELETE FROM attempts WHERE delivery_id IN (SELECT id FROM deliveries WHERE " + where + ")", args);
            return update(c, "DELETE FROM deliveries WHERE " + where, args);
        });
    }

    private static int update(Connection c, String sql, List<String> args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) ps.setString(i + 1, args.get(i));
            return ps.executeUpdate();
        }
    }

    @Override
    public AutoCloseable subscribe(Runnable onNewWork) {
        AutoCloseable listener = dialect.listen(jdbcUrl, user, password, origin, onNewWork);
        return listener != null ? listener : () -> { };
    }

    @Override
    public Optional<DeliveryView> delivery(String deliveryId) {
        return tx.read("read a delivery", c ->
                queryDeliveries(c, "SELECT " + DELIVERY_COLUMNS + " FROM deliveries WHERE id = ?", deliveryId).stream().findFirst());
    }

    @Override
    public List<DeliveryView> deliveriesOf(String messageId) {
        return tx.read("read deliveries", c ->
                queryDeliveries(c, "SELECT " + DELIVERY_COLUMNS + " FROM deliveries WHERE message_id = ? ORDER BY destination", messageId));
    }

    private static List<DeliveryView> queryDeliveries(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
            return Listings.readDeliveries(ps);
        }
    }

    @Override
    public Optional<StoredMessage> message(String messageId) {
        return tx.read("read a message", c -> Optional.ofNullable(messages(c, List.of(messageId)).get(messageId)));
    }

    @Override
    public List<AttemptRecord> attempts(String deliveryId) {
        return tx.read("read attempts", c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT delivery_id, number, started_at, duration_ms, outcome, status, error, response_excerpt
                    FROM attempts WHERE delivery_id = ? ORDER BY number""")) {
                ps.setString(1, deliveryId);
                List<AttemptRecord> result = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int status = rs.getInt(6);
                        Integer boxed = rs.wasNull() ? null : status;
                        result.add(new AttemptRecord(rs.getString(1), rs.getInt(2), Instant.ofEpochMilli(rs.getLong(3)),
                                Duration.ofMillis(rs.getLong(4)), OutcomeClass.valueOf(rs.getString(5)), boxed,
                                rs.getString(7), rs.getString(8)));
                    }
                }
                return result;
            }
        });
    }

    @Override
    public StoreStats stats() {
        return tx.read("count", StoreCounts::read);
    }

    @Override
    public long pendingCount() {
        return tx.read("count pending deliveries", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM deliveries WHERE state = 'PENDING'");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Override
    public List<dev.junction.store.DestinationBacklog> backlog(Instant now) {
        // One arm per state, each matching a partial index, so succeeded work is never scanned.
        return tx.read("read the backlog", c -> {
            Map<String, long[]> counts = new java.util.TreeMap<>();
            Map<String, Instant> oldestDue = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT destination, state, COUNT(*), SUM(CASE WHEN next_attempt_at <= ? THEN 1 ELSE 0 END),
                           MIN(CASE WHEN next_attempt_at <= ? THEN next_attempt_at END)
                    FROM deliveries WHERE state = 'PENDING' GROUP BY destination, state
                    UNION ALL SELECT destination, state, COUNT(*), 0, NULL FROM deliveries WHERE state = 'IN_FLIGHT' GROUP BY destination, state
                    UNION ALL SELECT destination, state, COUNT(*), 0, NULL FROM deliveries WHERE state = 'DEAD' GROUP BY destination, state""")) {
                ps.setLong(1, now.toEpochMilli());
                ps.setLong(2, now.toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
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
                    }
                }
            }
            List<dev.junction.store.DestinationBacklog> result = new ArrayList<>();
            counts.forEach((d, n) -> result.add(new dev.junction.store.DestinationBacklog(d, n[0], n[1], n[2], n[3], oldestDue.get(d))));
            return result;
        });
    }

    @Override
    public boolean createApiKey(ApiKey key, String keyHash) { return keyTable.create(key, keyHash); }

    @Override
    public Optional<ApiKey> apiKeyByHash(String keyHash) { return keyTable.byHash(keyHash); }

    @Override
    public List<ApiKey> apiKeys() { return keyTable.all(); }

    @Override
    public boolean revokeApiKey(String name, Instant now) { return keyTable.revoke(name, now); }

    @Override
    public void apiKeyUsed(String name, Instant at) { keyTable.used(name, at); }

    @Override
    public boolean ping() {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT 1");
             ResultSet rs = ps.executeQuery()) {
            return rs.next();
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        writes.close();
        dataSource.close();
    }

    private static String toJson(Map<String, String> headers) {
        try {
            return JSON.writeValueAsString(new LinkedHashMap<>(headers));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> fromJson(String json) {
        try {
            return JSON.readValue(json, HEADERS);
        } catch (Exception e) {
            throw new IllegalStateException("stored headers are not JSON", e);
        }
    }
}
