package dev.junction.engine.retention;

import dev.junction.store.TestQueue;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.retry.OutcomeClass;
import dev.junction.store.AttemptRecord;
import dev.junction.store.ClaimedDelivery;
import dev.junction.store.Completion;
import dev.junction.store.NewMessage;
import dev.junction.store.TestDatabases;
import dev.junction.store.jdbc.JdbcStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionTest {

    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    @TempDir
    Path dir;

    @Test
    void aPassPrunesEverySucceededMessageOlderThanTheAgeBatchByBatchAndKeepsDeadLetters() {
        try (JdbcStore store = TestDatabases.sqlite(dir)) {
            for (int i = 0; i < 25; i++) {
                TestQueue.ingest(store, new NewMessage("msg_" + i, "stripe", "evt_" + i, T0.plusSeconds(i), "application/json", Map.of(),
                        new byte[] {'{', '}'}, null), List.of("billing"), () -> "dlv_" + java.util.UUID.randomUUID());
            }
            for (ClaimedDelivery d : TestQueue.claimDue(store, "w", T0.plusSeconds(60), Duration.ofMinutes(1), 100)) {
                boolean dead = d.message().id().equals("msg_3");
                store.complete("w", new AttemptRecord(d.id(), 1, T0, Duration.ZERO, dead ? OutcomeClass.PERMANENT : OutcomeClass.SUCCESS,
                        dead ? 400 : 200, null, null), dead ? new Completion.Dead("HTTP 400") : new Completion.Succeeded(), T0);
            }
            // Seven days after message 10 arrived: messages 0..9 are past the age, 10..24 are not.
            Clock clock = Clock.fixed(T0.plusSeconds(10).plus(Duration.ofDays(7)), ZoneOffset.UTC);
            Retention retention = new Retention(store, clock, Duration.ofDays(7), Duration.ofMinutes(10), 4);
            assertThat(retention.runOnce()).as("batches of 4, 4 and 1").isEqualTo(9);
            assertThat(retention.runOnce()).isZero();
            assertThat(store.message("msg_9")).isEmpty();
            assertThat(store.message("msg_3")).as("a dead letter is kept").isPresent();
            assertThat(store.message("msg_10")).isPresent();
            assertThat(store.stats().messages()).isEqualTo(16);
        }
    }

    @Test
    void aPassPrunesExpiredIdempotencyKeysAndKeepsTheRest() {
        try (JdbcStore store = TestDatabases.sqlite(dir)) {
            for (int i = 0; i < 9; i++) {
                store.claimIdempotencyKey("ops POST /api/v1/x", "k" + i, "fp", T0.plusSeconds(i), Duration.ofMinutes(1), Duration.ofHours(24));
            }
            // Past the expiry of keys 0..4 only.
            Clock clock = Clock.fixed(T0.plusSeconds(4).plus(Duration.ofHours(24)), ZoneOffset.UTC);
            new Retention(store, clock, Duration.ofDays(7), Duration.ofMinutes(10), 2).runOnce();
            assertThat(store.idempotencyKey("ops POST /api/v1/x", "k4")).isEmpty();
            assertThat(store.idempotencyKey("ops POST /api/v1/x", "k5")).isPresent();
            assertThat(store.idempotencyKey("ops POST /api/v1/x", "k8")).isPresent();
        }
    }

    @Test
    void aPassPrunesPollRecordsOlderThanTheAge() {
        try (JdbcStore store = TestDatabases.sqlite(dir)) {
            for (int i = 0; i < 7; i++) {
                dev.junction.store.PollRecord r = new dev.junction.store.PollRecord("poll_" + i, "crm", "node-a", T0.plus(Duration.ofDays(i)),
                        Duration.ofMillis(10), 304, null, 1, 0, 0, dev.junction.store.PollRecord.Outcome.NOT_MODIFIED);
                store.commitPoll(dev.junction.store.PollCommit.failed(null, T0, r), List.of(), () -> "dlv_" + java.util.UUID.randomUUID());
            }
            // Seven days after the poll of day 3: polls of days 0..2 are past the age.
            Clock clock = Clock.fixed(T0.plus(Duration.ofDays(10)), ZoneOffset.UTC);
            new Retention(store, clock, Duration.ofDays(7), Duration.ofMinutes(10), 2).runOnce();
            assertThat(store.polls("crm", dev.junction.store.PageRequest.newestFirst(null, 10))).extracting(r -> r.id())
                    .containsExactly("poll_6", "poll_5", "poll_4", "poll_3");
        }
    }
}
