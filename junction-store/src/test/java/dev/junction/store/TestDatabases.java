package dev.junction.store;

import dev.junction.store.jdbc.JdbcStore;
import dev.junction.store.jdbc.Stores;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;

/**
 * Real databases for tests: SQLite in a temporary file; PostgreSQL from JUNCTION_PG_URL (default
 * jdbc:postgresql://127.0.0.1:5432/test?user=postgres), one fresh schema per store, dropped when the test
 * JVM exits (so repeated runs do not pile schemas up in a shared database). Without a reachable
 * server the PostgreSQL suite is skipped with a loud line, unless JUNCTION_REQUIRE_PG=true (as in CI),
 * where it fails instead.
 */
public final class TestDatabases {

    public static final String PG_URL = System.getenv().getOrDefault("JUNCTION_PG_URL",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    private static final boolean REQUIRE_PG = Boolean.parseBoolean(System.getenv("JUNCTION_REQUIRE_PG"));
    private static final AtomicInteger SCHEMAS = new AtomicInteger();
    private static final java.util.Set<String> CREATED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TestDatabases::dropCreatedSchemas, "drop-test-schemas"));
    }
    private static volatile Boolean pgReachable;
    private static volatile boolean skipAnnounced;

    private TestDatabases() {}

    public static JdbcStore sqlite(Path dir) {
        return Stores.open("sqlite:" + dir.resolve("junction.db"), null, null);
    }

    /** A URL of a fresh, empty PostgreSQL schema; aborts (skips) the test when no server is reachable. */
    public static String freshPostgresSchema() {
        requirePostgres();
        String schema = "jt_" + ProcessHandle.current().pid() + "_" + SCHEMAS.incrementAndGet();
        try (Connection c = DriverManager.getConnection(PG_URL); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            s.execute("CREATE SCHEMA " + schema);
            CREATED.add(schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create schema " + schema + ": " + e.getMessage(), e);
        }
        return PG_URL + (PG_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /**
     * Drops this JVM's schemas. A store a test left open holds no lock between transactions; a lock
     * timeout makes sure a stray one cannot hold up the JVM's exit (the schema then stays).
     */
    private static void dropCreatedSchemas() {
        if (CREATED.isEmpty()) return;
        try (Connection c = DriverManager.getConnection(PG_URL); Statement s = c.createStatement()) {
            s.execute("SET lock_timeout = '2s'");
            for (String schema : CREATED) {
                try {
                    s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                } catch (SQLException e) {
                    System.err.println("could not drop test schema " + schema + ": " + e.getMessage());
                }
            }
        } catch (SQLException e) {
            System.err.println("could not drop test schemas: " + e.getMessage());
        }
    }

    public static JdbcStore postgres() {
        return Stores.open(freshPostgresSchema(), null, null);
    }

    public static void requirePostgres() {
        if (pgReachable == null) {
            try (Connection c = DriverManager.getConnection(PG_URL)) {
                pgReachable = c.isValid(2);
            } catch (SQLException e) {
                pgReachable = false;
            }
        }
        if (pgReachable) return;
        String how = "no PostgreSQL at " + PG_URL.replaceAll("password=[^&]*", "password=***")
                + ". To run it, start PostgreSQL or set JUNCTION_PG_URL=jdbc:postgresql://HOST:PORT/DB?user=U&password=P";
        if (REQUIRE_PG) throw new IllegalStateException("JUNCTION_REQUIRE_PG=true but " + how);
        if (!skipAnnounced) {
            skipAnnounced = true;
            System.out.println("*** PostgreSQL suite SKIPPED: " + how + " ***");
        }
        Assumptions.abort("PostgreSQL suite skipped: " + how);
    }
}
