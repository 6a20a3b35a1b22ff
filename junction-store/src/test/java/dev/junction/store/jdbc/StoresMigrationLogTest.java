package dev.junction.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.junction.store.Store;
import java.nio.file.Path;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Opening a store says at INFO which migrations ran, and says nothing there when none did. */
class StoresMigrationLogTest {

    @TempDir
    Path dir;

    private final Logger storesLog = (Logger) LoggerFactory.getLogger(Stores.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private Level level;

    @BeforeEach
    void capture() {
        level = storesLog.getLevel();
        storesLog.setLevel(Level.DEBUG);
        storesLog.setAdditive(false);
        logged.start();
        storesLog.addAppender(logged);
    }

    @AfterEach
    void release() {
        storesLog.detachAppender(logged);
        storesLog.setLevel(level);
        storesLog.setAdditive(true);
    }

    @Test
    void aStoreOfAnOlderVersionSaysFromWhichVersionToWhichItWasMigrated() {
        String url = "sqlite:" + dir.resolve("junction.db");
        Flyway.configure().dataSource("jdbc:" + url, null, null).locations("classpath:db/migration/sqlite").target("18").load().migrate();
        String latest = latestVersion();

        open(url);

        assertThat(infoLines()).containsExactly("sqlite store migrated from schema version 18 to " + latest + " ("
                + (Integer.parseInt(latest) - 18) + " migrations)");
    }

    @Test
    void aNewStoreSaysItWasCreatedAtTheLatestVersion() {
        open("sqlite:" + dir.resolve("junction.db"));

        String latest = latestVersion();
        assertThat(infoLines()).containsExactly("sqlite store created at schema version " + latest + " (" + latest + " migrations)");
    }

    @Test
    void aStoreANewerVersionMigratedIsRefusedInOneLineAndLeftAsItIs() throws Exception {
        // An older Junction started on a store a newer one had upgraded: Flyway warned and the gateway ran on a schema
        // it did not know, writing to it.
        String url = "sqlite:" + dir.resolve("junction.db");
        Path newer = java.nio.file.Files.createDirectories(dir.resolve("newer"));
        java.nio.file.Files.writeString(newer.resolve("V99__from_a_newer_build.sql"), "CREATE TABLE from_a_newer_build (id TEXT);");
        Flyway.configure().dataSource("jdbc:" + url, null, null).locations("classpath:db/migration/sqlite", "filesystem:" + newer).load().migrate();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> open(url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("store.url: the store is at schema version 99, newer than this build of Junction knows (" + latestVersion()
                        + "): a newer version upgraded it. Run that version, or start this one on a backup made before the upgrade"
                        + " (docs/operations.md#upgrades)");
        assertThat(Flyway.configure().dataSource("jdbc:" + url, null, null).locations("classpath:db/migration/sqlite", "filesystem:" + newer)
                .load().info().current().getVersion().getVersion()).isEqualTo("99");
    }

    @Test
    void aStoreAlreadyUpToDateLogsNothingAtInfo() {
        String url = "sqlite:" + dir.resolve("junction.db");
        open(url);
        logged.list.clear();

        open(url);

        assertThat(infoLines()).isEmpty();
        assertThat(logged.list).singleElement().satisfies(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.DEBUG);
            assertThat(e.getFormattedMessage()).isEqualTo("sqlite store at schema version " + latestVersion() + ": no migrations to run");
        });
    }

    private static void open(String url) {
        try (Store ignored = Stores.open(url, null, null)) {
            // opening migrates
        }
    }

    private List<String> infoLines() {
        return logged.list.stream().filter(e -> e.getLevel() == Level.INFO).map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** The newest migration shipped, so the test needs no change when one is added. */
    private static String latestVersion() {
        MigrationInfo[] shipped = Flyway.configure().dataSource("jdbc:sqlite::memory:", null, null)
                .locations("classpath:db/migration/sqlite").load().info().all();
        return shipped[shipped.length - 1].getVersion().getVersion();
    }
}
