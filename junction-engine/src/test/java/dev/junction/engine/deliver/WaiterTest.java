package dev.junction.engine.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.engine.deliver.DestinationGuardTest.ManualClock;
import dev.junction.store.ClaimScope;
import dev.junction.store.NewMessage;
import dev.junction.store.TestDatabases;
import dev.junction.store.TestQueue;
import dev.junction.store.jdbc.JdbcStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How long the claim loop sleeps, and which events wake it, on a real queue and a hand-moved clock. */
class WaiterTest {

    private static final Duration POLL = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock();

    @Test
    void itSleepsUntilTheNextDueDeliveryAtMostThePollIntervalAndNotAtAllForRoom() {
        try (JdbcStore store = TestDatabases.sqlite(dir)) {
            Waiter waiter = new Waiter(store, clock, POLL);
            assertThat(waiter.plannedWait(false, ClaimScope.everything(Set.of()))).as("an empty queue: the poll interval").isEqualTo(POLL.toMillis());

            TestQueue.ingest(store, new NewMessage("m1", "stripe", "e1", clock.instant().plusSeconds(2), "application/json", Map.of(),
                    new byte[] {'{', '}'}, null), List.of("crm"), () -> "d1");
            assertThat(waiter.plannedWait(false, ClaimScope.everything(Set.of()))).as("due in 2 s").isEqualTo(2_000);
            assertThat(waiter.plannedWait(false, ClaimScope.everything(Set.of("crm")))).as("its destination is skipped").isEqualTo(POLL.toMillis());
            assertThat(waiter.plannedWait(true, ClaimScope.everything(Set.of()))).as("no room: the queue is not asked").isEqualTo(POLL.toMillis());
            clock.advance(Duration.ofSeconds(3));
            assertThat(waiter.plannedWait(false, ClaimScope.everything(Set.of()))).as("overdue: look at once").isZero();
        }
    }

    @Test
    void aRetryDueBeforeThePlannedWakeUpWakesTheLoopALaterOneDoesNot() {
        try (JdbcStore store = TestDatabases.sqlite(dir)) {
            Waiter waiter = new Waiter(store, clock, POLL);
            waiter.plannedWait(false, ClaimScope.everything(Set.of())); // plans to look again in 5 s

            waiter.retryScheduled(clock.instant().plusSeconds(6));
            assertThat(waiter.await(0)).isTrue();
            assertThat(woken(waiter)).as("after the planned look: no wake-up").isFalse();

            waiter.retryScheduled(clock.instant().plusSeconds(1));
            assertThat(woken(waiter)).as("before it: wake up").isTrue();
        }
    }

    @Test
    void aFinishedDeliveryWakesTheLoopOnlyWhenThatCanChangeWhatItClaims() {
        try (JdbcStore store = TestDatabases.sqlite(dir)) {
            Waiter waiter = new Waiter(store, clock, POLL);
            waiter.claimed(false, false); // caught up, nothing skipped
            waiter.deliveryFinished(false);
            assertThat(woken(waiter)).as("caught up: the freed worker changes nothing").isFalse();

            waiter.deliveryFinished(true);
            assertThat(woken(waiter)).as("a keyed delivery may let the next of its key go").isTrue();

            waiter.claimed(true, false); // the claim was full: behind
            waiter.deliveryFinished(false);
            assertThat(woken(waiter)).isTrue();

            waiter.claimed(false, true); // destinations were left out
            waiter.deliveryFinished(false);
            assertThat(woken(waiter)).isTrue();
            assertThat(waiter.caughtUp()).isTrue();
            waiter.behind();
            assertThat(waiter.caughtUp()).isFalse();
        }
    }

    /** Whether a wake-up is pending: the next wait returns at once (and clears it). */
    private static boolean woken(Waiter waiter) {
        boolean pending = waiter.wakeUpPending();
        waiter.await(0);
        return pending;
    }
}
