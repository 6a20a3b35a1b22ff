package dev.junction.store.jdbc;

import dev.junction.store.TestQueue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.core.model.DeliveryState;
import dev.junction.store.NewMessage;
import dev.junction.store.Store;
import dev.junction.store.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteBackupTest {

    @TempDir
    Path dir;

    private final SqliteBackup backup = new SqliteBackup(Clock.systemUTC());

    private static void ingest(Store store, int from, int to) {
        for (int i = from; i < to; i++) {
            TestQueue.ingest(store, new NewMessage("msg_" + i, "stripe", "evt_" + i, Instant.now(), "application/json", Map.of(),
                    ("{\"n\":" + i + "}").getBytes(), null), List.of("billing"), () -> "dlv_" + java.util.UUID.randomUUID());
        }
    }

    @Test
    void theCopyHoldsCommitsStillInTheWalAndOpensAsAStore() throws Exception {
        Path copy = dir.resolve("backups/copy.db");
        Files.createDirectories(copy.getParent());
        try (Store store = TestDatabases.sqlite(dir)) {
            ingest(store, 0, 50);
            // The writer is still open and has not checkpointed: these commits live only in the WAL.
            assertThat(Files.size(dir.resolve("junction.db-wal"))).isPositive();

            SqliteBackup.Copy result = backup.copy(dir.resolve("junction.db"), copy);

            assertThat(result.path()).isEqualTo(copy.toAbsolutePath());
            assertThat(result.bytes()).isEqualTo(Files.size(copy));
            assertThat(result.contents().messages()).isEqualTo(50);
            assertThat(result.contents().deliveries(DeliveryState.PENDING)).isEqualTo(50);
            assertThat(leftovers(copy.getParent())).as("one self-contained file, no temporary").containsExactly("copy.db");
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(copy)))
                    .as("readable by its owner only").isEqualTo("rw-------");
            ingest(store, 50, 60); // after the copy: not in it
        }
        try (Store restored = Stores.open("sqlite:" + copy, null, null)) {
            assertThat(restored.stats().messages()).isEqualTo(50);
            assertThat(restored.message("msg_49")).isPresent();
            assertThat(restored.message("msg_50")).isEmpty();
        }
    }

    @Test
    void anExistingTargetIsRefusedAndLeftAlone() throws Exception {
        try (Store store = TestDatabases.sqlite(dir)) {
            ingest(store, 0, 3);
        }
        Path target = dir.resolve("old-backup.db");
        Files.writeString(target, "yesterday's backup");

        assertThatThrownBy(() -> backup.copy(dir.resolve("junction.db"), target)).isInstanceOf(SqliteBackup.BackupException.class)
                .hasMessage(target.toAbsolutePath() + " exists: a backup never overwrites a file; choose a new name or remove it first");
        assertThat(Files.readString(target)).isEqualTo("yesterday's backup");
        // The live store itself is the worst file to overwrite.
        assertThatThrownBy(() -> backup.copy(dir.resolve("junction.db"), dir.resolve("junction.db"))).hasMessageContaining("exists");
    }

    @Test
    void aMissingTargetDirectoryOrSourceIsNamed() throws Exception {
        try (Store store = TestDatabases.sqlite(dir)) {
            ingest(store, 0, 1);
        }
        assertThatThrownBy(() -> backup.copy(dir.resolve("junction.db"), dir.resolve("nope/copy.db")))
                .hasMessage("the target directory " + dir.resolve("nope").toAbsolutePath() + " does not exist: create it first");
        assertThatThrownBy(() -> backup.copy(dir.resolve("missing.db"), dir.resolve("copy.db")))
                .hasMessage("no SQLite store at " + dir.resolve("missing.db") + ": nothing to back up");
        assertThat(Files.exists(dir.resolve("nope"))).isFalse();
        assertThat(Files.exists(dir.resolve("copy.db"))).isFalse();
    }

    @Test
    void aFailureAfterTheCopyLeavesNothingAtTheTargetNorATemporaryFile() throws Exception {
        try (Store store = TestDatabases.sqlite(dir)) {
            ingest(store, 0, 20);
        }
        Path out = Files.createDirectories(dir.resolve("out"));
        SqliteBackup failing = new SqliteBackup(Clock.systemUTC(), (temporary, target) -> {
            assertThat(Files.size(temporary)).as("the finished copy, about to be published").isPositive();
            throw new IOException("No space left on device");
        });

        assertThatThrownBy(() -> failing.copy(dir.resolve("junction.db"), out.resolve("copy.db")))
                .isInstanceOf(SqliteBackup.BackupException.class)
                .hasMessage("writing the copy in " + out.toAbsolutePath() + " failed: the disk is full");
        assertThat(leftovers(out)).isEmpty();
    }

    private static List<String> leftovers(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
