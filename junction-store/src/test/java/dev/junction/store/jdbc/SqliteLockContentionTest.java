package dev.junction.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.store.Pause;
import dev.junction.store.StoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another process takes and drops SQLite's write lock over and over while the store writes. Some writes fail
 * (they wait busy_timeout, then SQLITE_BUSY), but once the other writer is gone the store must write again:
 * no connection may be left in a state where every later transaction fails. sqlite-jdbc's own transaction
 * handling began the next transaction right after each commit, and when that BEGIN met the other writer's
 * lock the connection was left believing a transaction was open: every later write answered 503.
 */
class SqliteLockContentionTest {

    @TempDir
    Path dir;

    @Test
    void writesResumeOnceAnotherWriterLetsGo() throws Exception {
        Path db = dir.resolve("junction.db");
        try (JdbcStore store = Stores.open("sqlite:" + db + "?busy_timeout=20", null, null)) {
            AtomicBoolean contending = new AtomicBoolean(true);
            AtomicInteger cycles = new AtomicInteger();
            Thread other = Thread.ofPlatform().start(() -> {
                try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db + "?busy_timeout=0"); Statement s = c.createStatement()) {
                    // No waiting: it tries for the lock the instant it is free, as a busy process would.
                    java.util.Random random = new java.util.Random(7);
                    while (contending.get()) {
                        try {
                            s.execute("BEGIN IMMEDIATE");
                        } catch (java.sql.SQLException busy) {
                            continue;
                        }
                        // Held from a moment to twice the store's busy_timeout: some of the store's writes give up.
                        LockSupport.parkNanos(random.nextInt(40_000_000));
                        s.execute("ROLLBACK");
                        cycles.incrementAndGet();
                        LockSupport.parkNanos(random.nextInt(500_000));
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            AtomicInteger written = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            long until = System.nanoTime() + 3_000_000_000L;
            for (int i = 0; System.nanoTime() < until; i++) {
                try {
                    store.pause(Pause.Kind.DESTINATION, "d" + i, "contention", Instant.now());
                    written.incrementAndGet();
                } catch (StoreException e) {
                    failed.incrementAndGet();
                }
            }
            contending.set(false);
            other.join();
            System.out.printf("contention: %d written, %d failed, %d lock cycles by the other writer%n", written.get(), failed.get(), cycles.get());
            assertThat(failed.get()).as("the other writer's lock was met").isPositive();
            for (int i = 0; i < 20; i++) store.pause(Pause.Kind.SOURCE, "after-" + i, "alone again", Instant.now());
            assertThat(store.pauses()).filteredOn(p -> p.kind() == Pause.Kind.SOURCE).hasSize(20);
        }
    }
}
