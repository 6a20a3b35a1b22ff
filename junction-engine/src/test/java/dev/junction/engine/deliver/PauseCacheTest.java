package dev.junction.engine.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.engine.deliver.DestinationGuardTest.ManualClock;
import dev.junction.store.Pause;
import dev.junction.store.TestDatabases;
import dev.junction.store.jdbc.JdbcStore;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PauseCacheTest {

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock();

    @Test
    void pausesAreReadAtMostOnceASecondUnlessForgotten() {
        try (JdbcStore store = TestDatabases.sqlite(dir)) {
            PauseCache cache = new PauseCache(store, clock);
            assertThat(cache.read()).isEmpty();

            store.pause(Pause.Kind.DESTINATION, "crm", "maintenance", clock.instant());
            store.pause(Pause.Kind.SOURCE, "stripe", null, clock.instant());
            assertThat(cache.read()).as("read less than a second ago").isEmpty();
            clock.advance(Duration.ofMillis(PauseCache.FRESH_MILLIS));
            assertThat(cache.read()).as("destinations only").containsExactly("crm");
            assertThat(cache.lastRead()).containsExactly("crm");

            store.resume(Pause.Kind.DESTINATION, "crm");
            assertThat(cache.read()).containsExactly("crm");
            cache.forget();
            assertThat(cache.read()).as("forgotten: read again at once").isEmpty();
        }
    }
}
