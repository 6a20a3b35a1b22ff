package dev.junction.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A fresh, empty store for one phase: a new SQLite file, or a new PostgreSQL schema (created as the
 * store tests do, see TestDatabases), dropped again by {@link #close()}.
 *
 * @param storeUrl the URL for {@code JunctionConfig.Store} and {@code Stores.open}
 * @param jdbcUrl  the same database as a plain JDBC URL, for raw connections
 */
public record Target(String engine, String storeUrl, String jdbcUrl, String where, AutoCloseable cleanup) implements AutoCloseable {

    static final String SQLITE = "sqlite";
    static final String POSTGRESQL = "postgresql";

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    public static Target sqlite(Path root, String phase) {
        Path dir = root.resolve("sqlite-" + SEQUENCE.incrementAndGet() + "-" + phase);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path db = dir.resolve("junction.db");
        return new Target(SQLITE, "sqlite:" + db, "jdbc:sqlite:" + db, db.toString(), () -> deleteTree(dir));
    }

    static Target postgres(String baseUrl, String phase) {
        String schema = "jbench_" + ProcessHandle.current().pid() + "_" + SEQUENCE.incrementAndGet() + "_" + phase.replace('-', '_');
        try (Connection c = DriverManager.getConnection(baseUrl); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create schema " + schema + ": " + e.getMessage(), e);
        }
        String url = baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return new Target(POSTGRESQL, url, url, "schema " + schema, () -> {
            try (Connection c = DriverManager.getConnection(baseUrl); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        });
    }

    /** True when a PostgreSQL server answers at {@code baseUrl}. */
    static boolean postgresReachable(String baseUrl) {
        try (Connection c = DriverManager.getConnection(baseUrl)) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            cleanup.close();
        } catch (Exception e) {
            System.err.println("bench: could not clean up " + where + ": " + e.getMessage());
        }
    }

    /** Deletes a directory and everything in it (nothing if it does not exist). */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
