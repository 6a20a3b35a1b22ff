package dev.junction.client.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Creates and upgrades the library's tables: plain SQL per dialect under {@code dev/junction/client/db/<dialect>/},
 * applied in version order once each and recorded in {@code junction_client_schema}. Several instances starting at
 * once take turns (an advisory lock on PostgreSQL, a named lock on MariaDB, the write lock on SQLite). Every table
 * is prefixed {@code junction_} so it sits beside the service's own without clashing.
 */
public final class SchemaMigrations {

    /** The migrations, in order; each is {@code V<n>__<name>.sql} in every dialect's folder. */
    static final List<String> VERSIONS = List.of("V1__idempotency_keys", "V2__webhook_inbox", "V3__outbox", "V4__outbox_sent_index");

    private static final String HISTORY = "junction_client_schema";
    private static final long PG_LOCK = 0x6A756E6374696F6EL; // "junction"
    private static final String MARIADB_LOCK = "junction_client_schema";

    private SchemaMigrations() {}

    /** Applies every migration {@code dataSource}'s database lacks; returns how many it applied. */
    public static int migrate(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            SqlDialect dialect = SqlDialect.of(c);
            return switch (dialect) {
                case POSTGRESQL -> inTransaction(c, dialect, "SELECT pg_advisory_xact_lock(" + PG_LOCK + ")");
                case SQLITE -> inTransaction(c, dialect, null);
                case MARIADB -> underNamedLock(c, dialect);
            };
        } catch (SQLException e) {
            throw new ClientStoreException("migrate junction-client's tables", e);
        }
    }

    private static int inTransaction(Connection c, SqlDialect dialect, String lock) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        int isolation = c.getTransactionIsolation();
        dialect.begin(c);
        try {
            if (lock != null) execute(c, lock);
            int applied = applyPending(c, dialect);
            dialect.commit(c);
            return applied;
        } catch (SQLException | RuntimeException e) {
            dialect.rollback(c);
            throw e;
        } finally {
            dialect.end(c, autoCommit, isolation);
        }
    }

    /** MariaDB commits each DDL statement on its own, so a transaction cannot serialise migrators: a named lock does. */
    private static int underNamedLock(Connection c, SqlDialect dialect) throws SQLException {
        // Each migration's record commits with it: with auto-commit off, the last record would be rolled back on close.
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(true);
        try {
            return appliedUnderNamedLock(c, dialect);
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private static int appliedUnderNamedLock(Connection c, SqlDialect dialect) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT GET_LOCK(?, 60)")) {
            ps.setString(1, MARIADB_LOCK);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getInt(1) != 1) throw new SQLException("another instance held the migration lock for 60 s");
            }
        }
        try {
            return applyPending(c, dialect);
        } finally {
            try (PreparedStatement ps = c.prepareStatement("SELECT RELEASE_LOCK(?)")) {
                ps.setString(1, MARIADB_LOCK);
                ps.executeQuery().close();
            }
        }
    }

    private static int applyPending(Connection c, SqlDialect dialect) throws SQLException {
        execute(c, "CREATE TABLE IF NOT EXISTS " + HISTORY
                + " (version INTEGER NOT NULL PRIMARY KEY, name VARCHAR(200) NOT NULL, applied_at BIGINT NOT NULL)");
        Set<Integer> applied = new HashSet<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT version FROM " + HISTORY)) {
            while (rs.next()) applied.add(rs.getInt(1));
        }
        int count = 0;
        for (String migration : VERSIONS) {
            int version = Integer.parseInt(migration.substring(1, migration.indexOf("__")));
            if (applied.contains(version)) continue;
            for (String statement : statements(dialect, migration)) execute(c, statement);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + HISTORY + " (version, name, applied_at) VALUES (?, ?, ?)")) {
                ps.setInt(1, version);
                ps.setString(2, migration.substring(migration.indexOf("__") + 2));
                ps.setLong(3, Clock.systemUTC().millis());
                ps.executeUpdate();
            }
            count++;
        }
        return count;
    }

    /** The statements of one migration: the file split at each {@code ;} that ends a line; comments dropped. */
    static List<String> statements(SqlDialect dialect, String migration) {
        String path = "/dev/junction/client/db/" + dialect.folder() + "/" + migration + ".sql";
        String text;
        try (InputStream in = SchemaMigrations.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("junction-client's jar lacks " + path);
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n")) {
            if (line.strip().startsWith("--")) continue;
            current.append(line).append('\n');
            if (line.strip().endsWith(";")) {
                String sql = current.toString().strip();
                out.add(sql.substring(0, sql.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) out.add(current.toString().strip());
        return out;
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
