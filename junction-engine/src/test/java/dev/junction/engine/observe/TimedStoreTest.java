package dev.junction.engine.observe;

import dev.junction.store.TestQueue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.core.retry.OutcomeClass;
import dev.junction.store.AttemptRecord;
import dev.junction.store.ClaimedDelivery;
import dev.junction.store.Completion;
import dev.junction.store.NewMessage;
import dev.junction.store.Store;
import dev.junction.store.StoreException;
import dev.junction.store.TestDatabases;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimedStoreTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    @TempDir
    Path dir;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private long count(String operation, String outcome) {
        Timer t = registry.find("junction.store.operation").tag("operation", operation).tag("outcome", outcome).timer();
        return t == null ? 0 : t.count();
    }

    @Test
    void everyOperationOfTheHotPathIsTimedUnderItsName() {
        try (Store store = TimedStore.wrap(TestDatabases.sqlite(dir), registry)) {
            TestQueue.ingest(store, new NewMessage("msg_1", "stripe", "evt_1", T0, "application/json", Map.of(), new byte[] {'{', '}'}, null),
                    List.of("billing", "crm"), List.of("dlv_1", "dlv_2").iterator()::next);
            List<ClaimedDelivery> claimed = TestQueue.claimDue(store, "w", T0, Duration.ofMinutes(1), 10);
            assertThat(claimed).hasSize(2);
            store.renewLeases("w", List.of("dlv_1", "dlv_2"), T0.plusSeconds(120));
            store.complete("w", new AttemptRecord("dlv_1", 1, T0, Duration.ofMillis(5), OutcomeClass.SUCCESS, 200, null, null),
                    new Completion.Succeeded(), T0);
            store.release("w", "dlv_2", T0, T0);
            store.deadLetters(Optional.empty(), Optional.empty(), 10);
            store.stats();

            assertThat(count("ingest", "ok")).isEqualTo(1);
            assertThat(count("claim", "ok")).isEqualTo(1);
            assertThat(count("renew", "ok")).isEqualTo(1);
            assertThat(count("complete", "ok")).isEqualTo(1);
            assertThat(count("release", "ok")).isEqualTo(1);
            assertThat(count("dead_letters", "ok")).isEqualTo(1);
            assertThat(count("stats", "ok")).isEqualTo(1);
            assertThat(registry.find("junction.store.operation").tag("operation", "close").timer()).isNull();
        }
    }

    @Test
    void aFailingOperationKeepsItsExceptionAndCountsAsAnError() {
        Store store = TimedStore.wrap(TestDatabases.sqlite(dir), registry);
        store.close();
        assertThatThrownBy(store::stats).isInstanceOf(StoreException.class);
        assertThat(count("stats", "error")).isEqualTo(1);
        assertThat(count("stats", "ok")).isZero();
    }

    @Test
    void operationNamesAreShortForTheHotPathAndSnakeCaseOtherwise() {
        assertThat(TimedStore.operation("append")).isEqualTo("ingest");
        assertThat(TimedStore.operation("claimDue")).isEqualTo("claim");
        assertThat(TimedStore.operation("renewLeases")).isEqualTo("renew");
        assertThat(TimedStore.operation("deadLetters")).isEqualTo("dead_letters");
        assertThat(TimedStore.operation("apiKeyByHash")).isEqualTo("api_key_by_hash");
    }
}
