package dev.junction.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.core.model.Ids;
import dev.junction.store.jdbc.Stores;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The store's raw durable-insert rate: plain JDBC on its own connection, inserting the rows an ingest
 * writes (one {@code messages} row and one PENDING {@code deliveries} row per event, the same SQL as
 * JdbcStore.ingest) into the Flyway-migrated schema, {@code batchSize} events per transaction, each
 * commit durable (SQLite: WAL, synchronous=FULL; PostgreSQL: synchronous_commit=on). Also used to
 * pre-fill a backlog of due deliveries.
 */
public final class RawInsert {

    static final String DESTINATION = "sink";
    static final String SOURCE = "stripe";

    /**
     * @param events       events committed (each = 1 message row + 1 delivery row)
     * @param commitMsMean mean time of the COMMIT call alone
     * @param commitMsP99  its 99th percentile, and {@code commitMsMax} the longest: a durable commit's tail is
     *                     the floor under any acknowledgement's tail
     */
    public record Result(int batchSize, double seconds, long events, long transactions, double eventsPerSecond,
                  double tableRowsPerSecond, double commitMsMean, String durability, double commitMsP99, double commitMsMax) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private RawInsert() {}

    /** Migrates the target's schema through Stores.open, then inserts on a separate plain JDBC connection. */
    public static Result run(Target target, int batchSize, Duration duration, long maxEvents, Payloads payloads) throws Exception {
        Stores.open(target.storeUrl(), null, null).close();
        return insert(target, batchSize, duration, maxEvents, payloads);
    }

    /** Inserts into an already migrated schema. */
    static Result insert(Target target, int batchSize, Duration duration, long maxEvents, Payloads payloads) throws Exception {
        Ids ids = Ids.system();
        String headers = JSON.writeValueAsString(Payloads.storedHeaders(payloads.body(0)));
        try (Connection c = connect(target)) {
            String durability = durability(c, target.engine());
            c.setAutoCommit(false);
            long events = 0;
            long transactions = 0;
            long commitNanos = 0;
            org.HdrHistogram.ConcurrentHistogram commits = Latency.histogram();
            long start = System.nanoTime();
            long deadline = start + duration.toNanos();
            try (PreparedStatement messages = c.prepareStatement("""
                    INSERT INTO messages (id, source, dedupe_key, received_at, content_type, headers, body, trace_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (source, dedupe_key) DO NOTHING""");
                 PreparedStatement deliveries = c.prepareStatement("""
                    INSERT INTO deliveries (id, message_id, source, destination, state, attempts, next_attempt_at,
                                            created_at, updated_at)
                    VALUES (?, ?, ?, ?, 'PENDING', 0, ?, ?, ?)""")) {
                while (events < maxEvents && System.nanoTime() < deadline) {
                    int n = (int) Math.min(batchSize, maxEvents - events);
                    long at = System.currentTimeMillis();
                    List<String> messageIds = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        long seq = events + i;
                        String id = ids.next("msg");
                        messageIds.add(id);
                        messages.setString(1, id);
                        messages.setString(2, SOURCE);
                        messages.setString(3, payloads.eventId(seq));
                        messages.setLong(4, at);
                        messages.setString(5, "application/json");
                        messages.setString(6, headers);
                        messages.setBytes(7, payloads.body(seq));
                        messages.setString(8, Long.toHexString(System.nanoTime()) + "0000000000000000");
                        messages.addBatch();
                    }
                    messages.executeBatch();
                    for (String messageId : messageIds) {
                        deliveries.setString(1, ids.next("dlv"));
                        deliveries.setString(2, messageId);
                        deliveries.setString(3, SOURCE);
                        deliveries.setString(4, DESTINATION);
                        deliveries.setLong(5, at);
                        deliveries.setLong(6, at);
                        deliveries.setLong(7, at);
                        deliveries.addBatch();
                    }
                    deliveries.executeBatch();
                    long beforeCommit = System.nanoTime();
                    c.commit();
                    long took = System.nanoTime() - beforeCommit;
                    commitNanos += took;
                    Latency.record(commits, took);
                    events += n;
                    transactions++;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Result(batchSize, seconds, events, transactions, events / seconds, 2 * events / seconds,
                    transactions == 0 ? Double.NaN : commitNanos / 1e6 / transactions, durability,
                    transactions == 0 ? Double.NaN : commits.getValueAtPercentile(99) / 1000.0,
                    transactions == 0 ? Double.NaN : commits.getMaxValue() / 1000.0);
        }
    }

    /** A plain connection with the durability settings the brief asks for, set explicitly. */
    public static Connection connect(Target target) throws SQLException {
        if (target.engine().equals(Target.SQLITE)) {
            Connection c = DriverManager.getConnection(target.jdbcUrl());
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
                s.execute("PRAGMA busy_timeout=30000");
                s.execute("PRAGMA foreign_keys=ON");
            }
            return c;
        }
        String url = target.jdbcUrl() + (target.jdbcUrl().contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
        Connection c = DriverManager.getConnection(url);
        try (Statement s = c.createStatement()) {
            s.execute("SET synchronous_commit = on");
        }
        return c;
    }

    private static String durability(Connection c, String engine) throws SQLException {
        if (engine.equals(Target.SQLITE)) {
            return "journal_mode=" + scalar(c, "PRAGMA journal_mode") + ", synchronous=" + scalar(c, "PRAGMA synchronous")
                    + " (2 = FULL)";
        }
        return "synchronous_commit=" + scalar(c, "SHOW synchronous_commit") + ", fsync=" + scalar(c, "SHOW fsync")
                + ", wal_sync_method=" + scalar(c, "SHOW wal_sync_method");
    }

    static String scalar(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : "?";
        }
    }
}
