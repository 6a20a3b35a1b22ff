package dev.junction.server.cli;

import dev.junction.core.model.DeliveryState;
import dev.junction.server.config.ConfigLoader;
import dev.junction.server.config.JunctionConfig;
import dev.junction.store.StoreStats;
import dev.junction.store.jdbc.SqliteBackup;
import dev.junction.store.jdbc.Stores;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Copies the SQLite store to a new file while the gateway runs. It opens the store read-only and
 * never through {@link Stores#open}: no migrations, no pool, no write lock taken from the gateway.
 */
@Command(name = "backup", mixinStandardHelpOptions = true, description = "Copy the SQLite store to a new file while the gateway runs (PostgreSQL: use pg_dump).")
final class BackupCommand implements Callable<Integer> {

    static final String POSTGRES_DOCS = "docs/operations.md#backups";

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "The gateway's config: its store.url.")
    Path config;
    @Option(names = "--to", required = true, paramLabel = "PATH",
            description = "The copy: its directory must exist, PATH must not (a backup never overwrites).") Path to;

    @Override
    public Integer call() {
        JunctionConfig cfg = ConfigLoader.load(config);
        String url = cfg.store().url();
        if (Stores.isPostgres(url)) {
            throw new JunctionCli.UserError("the store in " + config + " is PostgreSQL: back it up with pg_dump "
                    + "(or pg_basebackup and WAL archiving); see " + POSTGRES_DOCS);
        }
        Path source = Stores.sqliteFile(url).orElseThrow(() -> new JunctionCli.UserError(
                "the store in " + config + " is not a SQLite file (" + url + "): nothing to back up"));
        SqliteBackup.Copy copy;
        try {
            copy = new SqliteBackup(Clock.systemUTC()).copy(source, to);
        } catch (SqliteBackup.BackupException e) {
            throw new JunctionCli.UserError("backup failed: " + e.getMessage());
        }
        System.out.printf(Locale.ROOT, "backed up %s to %s in %.1f s%n", source, copy.path(), copy.took().toMillis() / 1000.0);
        System.out.printf(Locale.ROOT, "  size        %s%n", size(copy.bytes()));
        System.out.printf(Locale.ROOT, "  messages    %,d%n", copy.contents().messages());
        System.out.printf(Locale.ROOT, "  deliveries  %s%n", byState(copy.contents()));
        System.out.println("restore: stop the gateway, then point store.url at the copy (or put it in place of " + source + ")");
        return 0;
    }

    private static String size(long bytes) {
        return bytes < 1024 * 1024 ? String.format(Locale.ROOT, "%,d bytes", bytes)
                : String.format(Locale.ROOT, "%.1f MiB (%,d bytes)", bytes / (1024.0 * 1024), bytes);
    }

    private static String byState(StoreStats stats) {
        List<String> parts = new ArrayList<>();
        long total = 0;
        for (DeliveryState state : DeliveryState.values()) {
            long n = stats.deliveries(state);
            total += n;
            parts.add(String.format(Locale.ROOT, "%,d %s", n, state.name().toLowerCase(Locale.ROOT).replace('_', ' ')));
        }
        return String.format(Locale.ROOT, "%,d: ", total) + String.join(", ", parts);
    }
}
