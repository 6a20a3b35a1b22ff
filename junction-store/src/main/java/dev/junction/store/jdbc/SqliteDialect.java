package dev.junction.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The embedded store. WAL lets readers run beside the single writer; synchronous=FULL makes every
 * commit reach the disk before it returns (the 2xx promise holds even on power loss, not just on a
 * crash); IMMEDIATE transactions take the write lock up front (see {@link #begin}).
 */
final class SqliteDialect implements Dialect {

    /** What the WAL is truncated back to once a checkpoint has emptied it: 64 MiB. */
    static final long WAL_LIMIT = 64L * 1024 * 1024;

    @Override
    public String name() { return "sqlite"; }

    @Override
    public void configure(HikariConfig pool) {
        pool.addDataSourceProperty("journal_mode", "WAL");
        pool.addDataSourceProperty("synchronous", "FULL");
        // The WAL grows while a long reader (a backup's read transaction) holds the checkpoint back; without a limit
        // it stays that size for good once it is reset. With one, SQLite truncates it back to this at the reset.
        pool.addDataSourceProperty("journal_size_limit", Long.toString(WAL_LIMIT));
        // How long a write waits for another process's lock before it fails (503): the store URL may set it
        // (sqlite:PATH?busy_timeout=MS). sqlite-jdbc lets these properties win over the URL's, so set it only if absent.
        if (!pool.getJdbcUrl().matches(".*[?&]busy_timeout=.*")) pool.addDataSourceProperty("busy_timeout", "30000");
        pool.addDataSourceProperty("foreign_keys", "true");
        // One connection: SQLite allows one writer at a time anyway, and several pooled connections
        // contending for its lock failed intermittently under load ("cannot commit - no transaction is
        // active"). Serialising in the pool is simpler and no slower for a single-writer database.
        // Other processes (e.g. `junction dlq replay`) still wait on busy_timeout.
        pool.setMaximumPoolSize(1);
        pool.setMinimumIdle(1);
    }

    @Override
    public int ingestWriters() { return 1; }

    /** sqlite-jdbc compiles the SQL at every prepare, and neither it nor HikariCP keeps statements (ADR 0036). */
    @Override
    public boolean cachesStatements() { return true; }

    /**
     * The one connection is the one writer's: a claim in its own transaction cost a BEGIN IMMEDIATE, a COMMIT and
     * an fsync between two group commits; in the group commit it shares theirs (ADR 0037).
     */
    @Override
    public boolean claimsInGroupCommit() { return true; }

    /**
     * The store says BEGIN IMMEDIATE, COMMIT and ROLLBACK itself on a connection that stays in auto-commit mode.
     * sqlite-jdbc's own transactions ({@code setAutoCommit(false)}) run the next BEGIN right after each COMMIT:
     * when another process (the CLI, a backup) took the write lock in between, that BEGIN failed after the commit
     * had succeeded, the connection went on believing a transaction was open, and every later commit on it failed
     * ("no transaction is active"): the gateway answered 503 until restarted. IMMEDIATE takes the write lock up
     * front, so two writers queue on busy_timeout instead of failing on a lock upgrade.
     */
    @Override
    public void begin(Connection connection) throws SQLException {
        execute(connection, "BEGIN IMMEDIATE");
    }

    @Override
    public void commit(Connection connection) throws SQLException {
        execute(connection, "COMMIT");
    }

    @Override
    public void rollback(Connection connection) throws SQLException {
        execute(connection, "ROLLBACK");
    }

    /** On the connection's cached statement: BEGIN and COMMIT run twice per write, compiled once (ADR 0036). */
    private static void execute(Connection connection, String sql) throws SQLException {
        Sql.prepared(connection, sql, java.sql.PreparedStatement::execute);
    }

    /**
     * As they come: the pool's one connection serves every store call of this process, so no write can run between
     * the reads (another process, such as the CLI, rarely writes). A transaction here would be IMMEDIATE and take
     * the write lock.
     */
    @Override
    public <T> T inSnapshot(Connection connection, Transactions.Work<T> reads) throws SQLException {
        return reads.run(connection);
    }

    /** GLOB, not LIKE: SQLite's LIKE ignores the case of ASCII letters. Its own wildcards ? and [ are bracketed. */
    @Override
    public String typeMatches(String column) {
        return column + " GLOB ?";
    }

    @Override
    public String typePattern(String glob) {
        return glob.replace("[", "[[]").replace("?", "[?]");
    }

    @Override
    public String claimSql(String where, String order) {
        return """
            UPDATE deliveries SET state = 'IN_FLIGHT', lease_owner = ?, lease_until = ?, updated_at = ?
            WHERE id IN (SELECT c.id FROM deliveries c WHERE %s ORDER BY %s LIMIT ?)
            RETURNING id, destination, attempts, created_at, message_id, ordering_key""".formatted(where, order);
    }
}
