package dev.junction.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.store.jdbc.Stores;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code junction backup} says when it cannot back up: one line, exit 2, nothing written. */
class BackupCommandTest {

    @TempDir
    Path dir;

    private Path config(String storeUrl) throws Exception {
        return CliRun.storeConfig(dir, storeUrl);
    }

    private static void assertOneLine(CliRun r, String... parts) {
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip()).startsWith("junction: ").doesNotContain("\n").doesNotContain("Exception").contains(parts);
    }

    @Test
    void aPostgresStoreIsPointedAtPgDump() throws Exception {
        Path config = config("jdbc:postgresql://127.0.0.1:1/junction");
        CliRun r = CliRun.run("backup", "--config", config.toString(), "--to", dir.resolve("copy.db").toString());
        assertOneLine(r, "is PostgreSQL", "pg_dump", "docs/operations.md#backups");
    }

    @Test
    void aMissingConfigAStoreNotYetCreatedAndAMissingTargetDirectoryAreOneLineEach() throws Exception {
        assertOneLine(CliRun.run("backup", "--config", dir.resolve("nope.yaml").toString(), "--to", dir.resolve("c.db").toString()),
                "nope.yaml");
        Path config = config("sqlite:" + dir.resolve("data/junction.db"));
        assertOneLine(CliRun.run("backup", "--config", config.toString(), "--to", dir.resolve("c.db").toString()),
                "no SQLite store at " + dir.resolve("data/junction.db"));

        Stores.open("sqlite:" + dir.resolve("data/junction.db"), null, null).close();
        assertOneLine(CliRun.run("backup", "--config", config.toString(), "--to", dir.resolve("gone/c.db").toString()),
                "the target directory " + dir.resolve("gone") + " does not exist");
        assertThat(dir.resolve("gone")).doesNotExist();
        assertThat(dir.resolve("c.db")).doesNotExist();
    }

    @Test
    void anExistingTargetIsNotOverwritten() throws Exception {
        Path config = config("sqlite:" + dir.resolve("data/junction.db"));
        Stores.open("sqlite:" + dir.resolve("data/junction.db"), null, null).close();
        Path target = dir.resolve("monday.db");
        Files.writeString(target, "monday");

        assertOneLine(CliRun.run("backup", "--config", config.toString(), "--to", target.toString()), "exists", "never overwrites");
        assertThat(target).hasContent("monday");
        assertOneLine(CliRun.run("backup", "--config", config.toString(), "--to", dir.toString()),
                dir + " is a directory: give the copy's file name");
    }

    @Test
    void theCommandIsListedAndExplained() {
        assertThat(CliRun.run("--help").out()).contains("backup");
        assertThat(CliRun.run("backup", "--help").out()).contains("--config", "--to", "never", "pg_dump");
    }
}
