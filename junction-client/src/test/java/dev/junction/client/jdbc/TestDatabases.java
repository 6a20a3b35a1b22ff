package dev.junction.client.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;

/**
 * Real databases for the client's tests, each a fresh pool on a fresh place: SQLite in a temporary file; PostgreSQL
 * from JUNCTION_PG_URL (default jdbc:postgresql://127.0.0.1:5432/test?user=postgres), a fresh schema each; MariaDB
 * from JUNCTION_MARIADB_URL (default jdbc:mariadb://127.0.0.1:3306/test?user=root), a fresh database each. Schemas and
 * databases are dropped when the test JVM exits. Without a reachable server a suite is skipped with one loud line,
 * unless JUNCTION_REQUIRE_PG=true or JUNCTION_REQUIRE_MARIADB=true (as in CI), where it fails instead.
 */
public final class TestDatabases {

    /** A database the suites run on. */
    public enum Kind {
        POSTGRESQL("PostgreSQL"), MARIADB("MariaDB"), SQLITE("SQLite");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    static final String PG_URL = System.getenv().getOrDefault("JUNCTION_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    static final String MARIADB_URL = System.getenv().getOrDefault("JUNCTION_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/test?user=root");

    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final Set<String> PG_SCHEMAS = ConcurrentHashMap.newKeySet();
    private static final Set<String> MARIADB_DATABASES = ConcurrentHashMap.newKeySet();
    private static final Map<Kind, Boolean> REACHABLE = new ConcurrentHashMap<>();
    private static final Set<Kind> ANNOUNCED = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TestDatabases::dropCreated, "drop-client-test-databases"));
    }

    private TestDatabases() {}

    /** A pool on a fresh, empty database of {@code kind}; skips (or fails, when required) without a server. */
    public static HikariDataSource fresh(Kind kind, Path dir) {
        return switch (kind) {
            case SQLITE -> pool("jdbc:sqlite:" + dir.resolve("client-" + NAMES.incrementAndGet() + ".db")
                    + "?journal_mode=WAL&busy_timeout=10000", 4);
            case POSTGRESQL -> pool(freshPostgresSchema(), 8);
            case MARIADB -> pool(freshMariaDbDatabase(), 8);
        };
    }

    private static HikariDataSource pool(String url, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(size);
        config.setPoolName("client-test-" + NAMES.incrementAndGet());
        return new HikariDataSource(config);
    }

    private static String freshPostgresSchema() {
        require(Kind.POSTGRESQL, PG_URL, "JUNCTION_REQUIRE_PG", "start PostgreSQL or set JUNCTION_PG_URL=jdbc:postgresql://HOST:PORT/DB?user=U&password=P");
        String schema = "jc_" + ProcessHandle.current().pid() + "_" + NAMES.incrementAndGet();
        execute(PG_URL, "CREATE SCHEMA " + schema);
        PG_SCHEMAS.add(schema);
        return PG_URL + (PG_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    private static String freshMariaDbDatabase() {
        require(Kind.MARIADB, MARIADB_URL, "JUNCTION_REQUIRE_MARIADB", "start MariaDB or set JUNCTION_MARIADB_URL=jdbc:mariadb://HOST:PORT/DB?user=U&password=P");
        String database = "jc_" + ProcessHandle.current().pid() + "_" + NAMES.incrementAndGet();
        execute(MARIADB_URL, "CREATE DATABASE " + database + " CHARACTER SET utf8mb4");
        MARIADB_DATABASES.add(database);
        return MARIADB_URL.replaceFirst("(jdbc:mariadb://[^/]+/)[^?]*", "$1" + database);
    }

    private static void require(Kind kind, String url, String requireVariable, String howToEnable) {
        boolean reachable = REACHABLE.computeIfAbsent(kind, k -> {
            try (Connection c = DriverManager.getConnection(url)) {
                return c.isValid(2);
            } catch (SQLException e) {
                return false;
            }
        });
        if (reachable) return;
        String how = "no " + kind + " at " + url.replaceAll("password=[^&]*", "password=***") + ". To run it, " + howToEnable;
        if (Boolean.parseBoolean(System.getenv(requireVariable))) throw new IllegalStateException(requireVariable + "=true but " + how);
        if (ANNOUNCED.add(kind)) System.out.println("*** junction-client " + kind + " suite SKIPPED: " + how + " ***");
        Assumptions.abort(kind + " suite skipped: " + how);
    }

    private static void execute(String url, String sql) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run " + sql + ": " + e.getMessage(), e);
        }
    }

    private static void dropCreated() {
        drop(PG_URL, PG_SCHEMAS, "DROP SCHEMA IF EXISTS %s CASCADE");
        drop(MARIADB_URL, MARIADB_DATABASES, "DROP DATABASE IF EXISTS %s");
    }

    private static void drop(String url, Set<String> names, String template) {
        if (names.isEmpty()) return;
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            for (String name : names) {
                try {
                    s.execute(template.formatted(name));
                } catch (SQLException e) {
                    System.err.println("could not drop test database " + name + ": " + e.getMessage());
                }
            }
        } catch (SQLException e) {
            System.err.println("could not drop test databases: " + e.getMessage());
        }
    }
}
