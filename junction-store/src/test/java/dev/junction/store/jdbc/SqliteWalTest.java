package dev.junction.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.store.Pause;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store's write-ahead log after a long reader (a backup's read transaction) held its checkpoints back:
 * it grew by everything written meanwhile, and without a size limit it kept that size for good (a probe saw 365 MB
 * after a backup under load).
 */
class SqliteWalTest {

    @TempDir
    Path dir;

    @Test
    void theWalShrinksBackOnceAReaderThatHeldItOpenIsDone() throws Exception {
        Path db = dir.resolve("junction.db");
        Path wal = dir.resolve("junction.db-wal");
        String reason = "x".repeat(1_000_000);
        try (JdbcStore store = Stores.open("sqlite:" + db, null, null)) {
            try (Connection reader = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = reader.createStatement()) {
                // A snapshot held open, as a backup's read transaction holds one: no checkpoint can empty the WAL meanwhile.
                s.execute("BEGIN");
                s.executeQuery("SELECT COUNT(*) FROM paused").close();
                for (int i = 0; i < 100; i++) store.pause(Pause.Kind.DESTINATION, "d" + i, reason, Instant.now());
                assertThat(java.nio.file.Files.size(wal)).isGreaterThan(90L * 1024 * 1024);
                s.execute("COMMIT");
            }
            for (int i = 0; i < 50; i++) store.pause(Pause.Kind.SOURCE, "s" + i, "small", Instant.now());
            // Without journal_size_limit the WAL stays at its largest (100 MB here) after the reset.
            assertThat(java.nio.file.Files.size(wal)).isLessThanOrEqualTo(SqliteDialect.WAL_LIMIT);
        }
    }
}
