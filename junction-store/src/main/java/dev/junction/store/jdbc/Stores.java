package dev.junction.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens a store from its URL and brings its schema up to date. */
public final class Stores {

    private static final Logger log = LoggerFactory.getLogger(Stores.class);
    private static final String SQLITE = "jdbc:sqlite:";

    private Stores() {}

    /**
     * Opens {@code sqlite:PATH}, {@code jdbc:sqlite:PATH} or {@code jdbc:postgresql://...}. Migrations
     * run before this returns; Flyway's lock makes that safe when several nodes start at once. PostgreSQL
     * connections are named plain {@code junction}: a CLI command, a test.
     */
    public static JdbcStore open(String url, String user, String password) {
        return open(url, user, password, "junction", null);
    }

    /**
     * As above, with the pool's metrics reported to {@code poolMetrics} (HikariCP's own hook, so the store
     * needs no metrics library; the server passes Micrometer's); null for none.
     */
    public static JdbcStore open(String url, String user, String password, MetricsTrackerFactory poolMetrics) {
        return open(url, user, password, "junction", poolMetrics);
    }

    /**
     * As above; {@code applicationName} names PostgreSQL connections (application_name, as pg_stat_activity
     * shows them) unless the URL sets ApplicationName.
     */
    public static JdbcStore open(String url, String user, String password, String applicationName, MetricsTrackerFactory poolMetrics) {
        String jdbcUrl = jdbcUrl(url);
        Dialect dialect;
        if (jdbcUrl.startsWith(SQLITE)) {
            String problem = sqliteParameterProblem(url);
            if (problem != null) throw new IllegalArgumentException("store.url " + problem);
            dialect = new SqliteDialect();
            sqliteFile(url).ifPresent(Stores::createPrivately);
        } else if (isPostgres(url)) {
            dialect = new PostgresDialect(applicationName);
        } else {
            throw new IllegalArgumentException("store.url must start with sqlite:, jdbc:sqlite: or jdbc:postgresql:");
        }
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(jdbcUrl);
        if (user != null) pool.setUsername(user);
        if (password != null) pool.setPassword(password);
        pool.setPoolName("junction-" + dialect.name());
        pool.setAutoCommit(true);
        dialect.configure(pool);
        if (poolMetrics != null) pool.setMetricsTrackerFactory(poolMetrics);
        HikariDataSource dataSource = new HikariDataSource(pool);
        try {
            // A migration the store has and this build lacks is not ignored (Flyway's default only warns): an older
            // Junction would write to a schema it does not know. Validation runs within migrate() anyway.
            Flyway flyway = Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration/" + dialect.name())
                    .ignoreMigrationPatterns(new String[0])
                    .load();
            try {
                logMigrations(dialect, flyway.migrate());
            } catch (org.flywaydb.core.api.exception.FlywayValidateException e) {
                refuseNewer(flyway.info());
                throw e;
            }
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return new JdbcStore(dataSource, dialect, jdbcUrl, user, password);
    }

    /** Refuses, in one line, a store a newer Junction has migrated past what this build knows. */
    private static void refuseNewer(org.flywaydb.core.api.MigrationInfoService info) {
        java.util.List<org.flywaydb.core.api.MigrationInfo> all = java.util.List.of(info.all());
        java.util.List<org.flywaydb.core.api.MigrationInfo> future = all.stream().filter(m -> m.getState() == org.flywaydb.core.api.MigrationState.FUTURE_SUCCESS
                || m.getState() == org.flywaydb.core.api.MigrationState.FUTURE_FAILED).toList();
        if (future.isEmpty()) return;
        String known = all.stream().filter(m -> m.getState().isResolved() && m.getVersion() != null)
                .map(m -> m.getVersion().getVersion()).reduce((a, b) -> b).orElse("none");
        throw new IllegalArgumentException("store.url: the store is at schema version " + future.get(future.size() - 1).getVersion()
                + ", newer than this build of Junction knows (" + known + "): a newer version upgraded it. Run that version, or"
                + " start this one on a backup made before the upgrade (docs/operations.md#upgrades)");
    }

    /**
     * One line when migrations ran, so an upgrade says at start what it changed in the store (Flyway's own
     * logging is kept to warnings); none at INFO when the schema was already up to date.
     */
    private static void logMigrations(Dialect dialect, MigrateResult result) {
        int count = result.migrationsExecuted;
        if (count == 0) {
            log.debug("{} store at schema version {}: no migrations to run", dialect.name(), result.initialSchemaVersion);
        } else if (result.initialSchemaVersion == null) {
            log.info("{} store created at schema version {} ({} migration{})", dialect.name(), result.targetSchemaVersion,
                    count, count == 1 ? "" : "s");
        } else {
            log.info("{} store migrated from schema version {} to {} ({} migration{})", dialect.name(),
                    result.initialSchemaVersion, result.targetSchemaVersion, count, count == 1 ? "" : "s");
        }
    }

    /** The database file of a SQLite URL; empty for PostgreSQL and for an in-memory database. */
    public static Optional<Path> sqliteFile(String url) {
        String jdbcUrl = jdbcUrl(url);
        if (!jdbcUrl.startsWith(SQLITE)) return Optional.empty();
        String path = jdbcUrl.substring(SQLITE.length());
        String file = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        if (file.isEmpty() || file.equals(":memory:")) return Optional.empty();
        return Optional.of(Path.of(file));
    }

    /**
     * Why the parameters of a SQLite URL ({@code sqlite:PATH?busy_timeout=5000}) cannot be right, or null: a name the
     * driver does not know (a typo such as {@code busy_timout}) made the driver open a new, empty file named with the
     * whole query. Only names are checked and quoted, never values (one may be a password).
     */
    public static String sqliteParameterProblem(String url) {
        String jdbcUrl = jdbcUrl(url);
        if (!jdbcUrl.startsWith(SQLITE) || !jdbcUrl.contains("?")) return null;
        java.util.Set<String> known = new java.util.TreeSet<>();
        for (org.sqlite.SQLiteConfig.Pragma p : org.sqlite.SQLiteConfig.Pragma.values()) known.add(p.pragmaName);
        for (String parameter : jdbcUrl.substring(jdbcUrl.indexOf('?') + 1).split("&")) {
            String name = parameter.contains("=") ? parameter.substring(0, parameter.indexOf('=')) : parameter;
            if (name.isEmpty()) continue;
            if (!known.contains(name)) {
                String near = known.stream().filter(k -> k.startsWith(name.substring(0, Math.min(3, name.length())))).findFirst()
                        .map(k -> " (did you mean " + k + "?)").orElse("");
                return "has a parameter SQLite does not know: '" + name + "'" + near + "; it would open another, empty file";
            }
        }
        return null;
    }

    public static boolean isPostgres(String url) {
        return url.startsWith("jdbc:postgresql:");
    }

    private static String jdbcUrl(String url) {
        return url.startsWith("sqlite:") ? "jdbc:" + url : url;
    }

    /**
     * The store holds every event's body: a new file (and directory) is made readable by its owner alone, whatever the
     * umask, before SQLite opens it (SQLite gives its -wal and -shm files the database file's mode). A file that exists
     * is left as it is, with a warning when other users may read it.
     */
    private static void createPrivately(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        try {
            if (parent != null && !Files.isDirectory(parent)) {
                if (posix) Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                else Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot create the data directory " + parent + ": " + e.getMessage(), e);
        }
        if (!posix) return;
        try {
            if (!Files.exists(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                return;
            }
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            if (mode.contains(PosixFilePermission.GROUP_READ) || mode.contains(PosixFilePermission.OTHERS_READ)) {
                log.warn("the store {} is readable by other users (mode {}) and holds every event's body: chmod 600 it, and its -wal and -shm files",
                        file, PosixFilePermissions.toString(mode));
            }
        } catch (FileAlreadyExistsException e) {
            // another node or command made it meanwhile: SQLite opens it as it is
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot create the store " + file + ": " + e.getMessage(), e);
        }
    }
}
