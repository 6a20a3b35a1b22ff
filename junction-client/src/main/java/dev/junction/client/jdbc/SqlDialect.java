package dev.junction.client.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * Everything that differs between the databases the library's tables live in; the rest of its SQL is shared. The
 * name is also the folder of the dialect's migrations.
 */
public enum SqlDialect {

    /** PostgreSQL 9.5+: {@code ON CONFLICT DO NOTHING}, {@code SKIP LOCKED}, transactional DDL. */
    POSTGRESQL("postgresql", "ON CONFLICT DO NOTHING", " FOR UPDATE SKIP LOCKED"),
    /** MariaDB 10.6+ or MySQL 8: {@code INSERT IGNORE}, {@code SKIP LOCKED}; DDL commits on its own. */
    MARIADB("mariadb", "", " FOR UPDATE SKIP LOCKED"),
    /** SQLite 3.24+: one writer at a time, so no row locks; {@code BEGIN IMMEDIATE} takes the write lock up front. */
    SQLITE("sqlite", "ON CONFLICT DO NOTHING", "");

    private final String folder;
    private final String onConflictIgnore;
    private final String skipLocked;

    SqlDialect(String folder, String onConflictIgnore, String skipLocked) {
        this.folder = folder;
        this.onConflictIgnore = onConflictIgnore;
        this.skipLocked = skipLocked;
    }

    /** The dialect of the database {@code connection} is open on. */
    public static SqlDialect of(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        if (product.contains("postgres")) return POSTGRESQL;
        if (product.contains("mariadb") || product.contains("mysql")) return MARIADB;
        if (product.contains("sqlite")) return SQLITE;
        throw new SQLException("junction-client supports PostgreSQL, MariaDB/MySQL and SQLite, but the database is "
                + connection.getMetaData().getDatabaseProductName());
    }

    /** The folder of this dialect's migrations under {@code dev/junction/client/db/}. */
    public String folder() {
        return folder;
    }

    /**
     * An insert that does nothing (and counts 0 rows) when a row with the same key exists.
     *
     * @param table   the table
     * @param columns the columns, comma-separated; one {@code ?} per column is the values
     */
    public String insertIgnoringDuplicates(String table, String columns) {
        String values = "?" + ", ?".repeat((int) columns.chars().filter(c -> c == ',').count());
        String verb = this == MARIADB ? "INSERT IGNORE INTO " : "INSERT INTO ";
        return verb + table + " (" + columns + ") VALUES (" + values + ")" + (onConflictIgnore.isEmpty() ? "" : " " + onConflictIgnore);
    }

    /** What follows a SELECT so that concurrent relays take different rows; empty on SQLite (one writer). */
    public String forUpdateSkipLocked() {
        return skipLocked;
    }

    /**
     * Starts a write transaction on {@code connection}, in auto-commit mode on entry: on SQLite a {@code BEGIN
     * IMMEDIATE}, so that two writers wait for each other rather than failing on a lock upgrade; elsewhere READ
     * COMMITTED (MariaDB's REPEATABLE READ would read an old snapshot after waiting on a row).
     */
    void begin(Connection connection) throws SQLException {
        if (this == SQLITE) {
            // The driver keeps a transaction open on a connection with auto-commit off: BEGIN would be refused inside it.
            if (!connection.getAutoCommit()) connection.setAutoCommit(true);
            try (Statement s = connection.createStatement()) {
                s.execute("BEGIN IMMEDIATE");
            }
        } else {
            connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            connection.setAutoCommit(false);
        }
    }

    void commit(Connection connection) throws SQLException {
        if (this == SQLITE) {
            try (Statement s = connection.createStatement()) {
                s.execute("COMMIT");
            }
        } else {
            connection.commit();
        }
    }

    void rollback(Connection connection) throws SQLException {
        if (this == SQLITE) {
            try (Statement s = connection.createStatement()) {
                s.execute("ROLLBACK");
            }
        } else {
            connection.rollback();
        }
    }

    void end(Connection connection, boolean autoCommit, int isolation) throws SQLException {
        connection.setAutoCommit(autoCommit);
        if (this != SQLITE) connection.setTransactionIsolation(isolation);
    }
}
