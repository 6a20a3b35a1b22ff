package dev.junction.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/**
 * The production store: any number of gateway nodes share one database. Claims use
 * FOR UPDATE SKIP LOCKED so concurrent nodes never wait on, or double-claim, the same rows.
 */
final class PostgresDialect implements Dialect {

    private final String applicationName;

    /** @param applicationName shown as application_name in pg_stat_activity, so an operator can tell this node's connections apart */
    PostgresDialect(String applicationName) {
        this.applicationName = applicationName;
    }

    @Override
    public String name() { return "postgresql"; }

    @Override
    public String typeMatches(String column) {
        return column + " LIKE ? ESCAPE '\\'";
    }

    /** LIKE's own wildcards % and _ (and the escape character) are escaped; * becomes %. */
    @Override
    public String typePattern(String glob) {
        return glob.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_").replace('*', '%');
    }

    /** Driver properties of every connection, pooled or listening; those in the store URL take precedence. */
    Properties connectionProperties() {
        Properties p = new Properties();
        p.setProperty("ApplicationName", applicationName);
        // Otherwise pgjdbc puts the server's error detail ("Key (dedupe_key)=(...)") and a failed batch's
        // statement with its bound values (headers with signatures, the body in hex) into exception messages.
        p.setProperty("logServerErrorDetail", "false");
        // A read that waits longer on a silent network (a dropped route, not a refused connection) fails instead of
        // hanging until the kernel gives up: every statement here is short, the longest an admin listing.
        p.setProperty("socketTimeout", "30");
        p.setProperty("connectTimeout", "5");
        return p;
    }

    @Override
    public void configure(HikariConfig pool) {
        pool.setDataSourceProperties(connectionProperties());
        pool.setMaximumPoolSize(16);
        // With the database unreachable, a request waits this long for a connection before it is answered 503 (and
        // /health/ready says so): HikariCP's default, 30 s, outlasted most senders' own timeouts.
        pool.setConnectionTimeout(5_000);
        // PostgreSQL's JIT compiles any query whose estimated cost passes jit_above_cost. A claim over a large
        // held backlog (a paused destination's 100,000 due rows) is estimated that high despite its LIMIT, and
        // then spent 195 ms compiling for a 10 ms scan (EXPLAIN ANALYZE, PostgreSQL 15). Short OLTP statements
        // never gain from it. (PostgreSQL 11 or later: the setting does not exist before.)
        // And a 2xx means on disk whatever the server's or the role's default says: synchronous_commit off would
        // acknowledge commits that a crash of the database can still lose.
        pool.setConnectionInitSql("SET jit = off; SET synchronous_commit = on");
    }

    /**
     * Two writers: PostgreSQL commits concurrently, and each writer still groups what queued meanwhile.
     * Fewer writers make bigger batches, so less PostgreSQL CPU per event. Measured on 2 cores with
     * {@code bench/run --stores postgresql --phases ingest,openloop} (two runs each, 2026-11-28): ingest
     * while delivering 4,884–5,912/s with 4 writers, 6,209–6,461/s with 2, 5,563/s with 1 (whose
     * acknowledgement p99.9 at half load rose to 38 ms); 2 also had the lowest p99 at half load.
     */
    @Override
    public int ingestWriters() { return 2; }

    /**
     * Separate: PostgreSQL commits claims beside the writers on other pooled connections, and SKIP LOCKED lets
     * them pass rows a writer holds. In a writer's transaction a claim would wait for that writer's batch and
     * hold its leased rows' locks until the batch commits (ADR 0037).
     */
    @Override
    public boolean claimsInGroupCommit() { return false; }

    /** A read-only REPEATABLE READ transaction: its statements share the snapshot of its first one. The pool resets the settings. */
    @Override
    public <T> T inSnapshot(Connection connection, Transactions.Work<T> reads) throws SQLException {
        connection.setAutoCommit(false);
        connection.setReadOnly(true);
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try {
            T result = reads.run(connection);
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        }
    }

    /**
     * pg_notify inside the transaction is delivered only if and when it commits. Channels are per database,
     * so the payload names the schema too: gateways on other schemas of the same database ignore it.
     */
    @Override
    public void announceWork(Connection connection, String origin) throws SQLException {
        try (java.sql.PreparedStatement s = connection.prepareStatement(
                "SELECT pg_notify('" + PostgresListener.CHANNEL + "', current_schema() || '/' || ?)")) {
            s.setString(1, origin);
            s.execute();
        }
    }

    @Override
    public AutoCloseable listen(String jdbcUrl, String user, String password, String origin, Runnable onNewWork) {
        return PostgresListener.start(jdbcUrl, connectionProperties(), user, password, origin, onNewWork);
    }

    @Override
    public String claimSql(String where, String order) {
        return """
            UPDATE deliveries d SET state = 'IN_FLIGHT', lease_owner = ?, lease_until = ?, updated_at = ?
            FROM (SELECT c.id FROM deliveries c WHERE %s ORDER BY %s LIMIT ? FOR UPDATE SKIP LOCKED) due
            WHERE d.id = due.id
            RETURNING d.id, d.destination, d.attempts, d.created_at, d.message_id, d.ordering_key""".formatted(where, order);
    }
}
