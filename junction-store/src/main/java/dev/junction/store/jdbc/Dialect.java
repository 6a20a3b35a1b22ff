package dev.junction.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import java.sql.Connection;
import java.sql.SQLException;

/** Everything that differs between the databases Junction runs on; the rest of the SQL is shared. */
interface Dialect {

    /** "sqlite" or "postgresql": also the folder of the engine's Flyway migrations. */
    String name();

    /** Pool settings that the engine needs for durability and concurrency. */
    void configure(HikariConfig pool);

    /**
     * One statement that leases up to a limit of the deliveries {@code deliveries c} matching {@code where},
     * taken in {@code order} (so that an index serves both). Parameters: owner, lease until, updated at,
     * then those of {@code where}, then the limit. Returns id, destination, attempts, created_at, message_id, ordering_key.
     */
    String claimSql(String where, String order);

    /**
     * Runs {@code reads} on {@code connection} so that all of them see one snapshot of the database: for figures
     * that must agree with each other, such as a backlog counted back from now through what changed since.
     */
    <T> T inSnapshot(Connection connection, Transactions.Work<T> reads) throws SQLException;

    /**
     * A condition with one parameter: {@code column} matches an event type pattern in which {@code *} is any run of
     * characters and every other character only itself, case included. {@link #typePattern} makes the parameter.
     */
    String typeMatches(String column);

    /** The parameter of {@link #typeMatches} for a pattern written with {@code *}. */
    String typePattern(String glob);

    /** Opens a write transaction on {@code connection}, which is in auto-commit mode. */
    default void begin(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
    }

    /** Commits the transaction {@link #begin} opened; the pool puts the connection back in auto-commit mode. */
    default void commit(Connection connection) throws SQLException {
        connection.commit();
    }

    /** Rolls back the transaction {@link #begin} opened. */
    default void rollback(Connection connection) throws SQLException {
        connection.rollback();
    }

    /**
     * Whether each connection keeps its prepared statements for the next time the store runs the same SQL (ADR 0036):
     * for a driver that compiles every statement it prepares, and has no cache of its own.
     */
    default boolean cachesStatements() {
        return false;
    }

    /** How many threads commit ingest batches: one for a single-writer database. */
    int ingestWriters();

    /**
     * Whether claims are written by the group commit's writers, inside the transaction of whatever appends and
     * attempt records queued with them (ADR 0037), rather than each in a transaction of its own.
     */
    default boolean claimsInGroupCommit() {
        return false;
    }

    /**
     * Inside a transaction that made deliveries due: tell other nodes once it commits. {@code origin}
     * identifies this store instance, whose own listener ignores the announcement (its node already knows).
     */
    default void announceWork(Connection connection, String origin) throws SQLException {}

    /** Starts listening for other store instances' announcements; null when the engine has no such channel. */
    default AutoCloseable listen(String jdbcUrl, String user, String password, String origin, Runnable onNewWork) {
        return null;
    }
}
