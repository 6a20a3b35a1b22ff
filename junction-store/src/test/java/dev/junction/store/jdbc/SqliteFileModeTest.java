package dev.junction.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.store.Pause;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store holds every event's body: a store Junction creates is its owner's alone, with its WAL and shared
 * memory files, whatever the umask. With the usual umask 022 the file was 0644, readable by every user of the machine.
 */
class SqliteFileModeTest {

    @TempDir
    Path dir;

    @Test
    void aNewStoreItsDirectoryAndItsWalAreReadableByTheirOwnerAlone() throws Exception {
        Path db = dir.resolve("data").resolve("junction.db");
        try (JdbcStore store = Stores.open("sqlite:" + db, null, null)) {
            store.pause(Pause.Kind.DESTINATION, "billing", "a write, so the WAL exists", Instant.now());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(db))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("data/junction.db-wal")))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("data")))).isEqualTo("rwx------");
        }
        // Opened again, it is the same store (the file made beforehand is SQLite's, not a fresh empty one each time).
        try (JdbcStore store = Stores.open("sqlite:" + db, null, null)) {
            assertThat(store.pauses()).extracting(Pause::name).containsExactly("billing");
        }
    }
}
