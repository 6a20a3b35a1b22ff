package dev.junction.engine.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.config.GuardSpec;
import dev.junction.core.retry.OutcomeClass;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DestinationGuardTest {

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2026-11-23T10:00:00Z");
        void advance(Duration d) { now = now.plus(d); }
        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

    private final ManualClock clock = new ManualClock();

    private static void call(DestinationGuard guard, OutcomeClass outcome) {
        assertThat(guard.admit()).isEqualTo(DestinationGuard.Admission.GO);
        guard.finish(outcome, Duration.ofMillis(5), null);
    }

    @Test
    void theBreakerOpensOnTheFailureRateWaitsThenProbesAndCloses() {
        DestinationGuard guard = new DestinationGuard("crm",
                new GuardSpec(10, 0, new GuardSpec.Breaker(50, 4, 4, Duration.ofSeconds(30), 2)), clock);
        call(guard, OutcomeClass.SUCCESS);
        call(guard, OutcomeClass.RETRYABLE);
        call(guard, OutcomeClass.SUCCESS);
        assertThat(guard.breakerState()).as("fewer than the minimum calls").isEqualTo("CLOSED");
        call(guard, OutcomeClass.RETRYABLE);
        assertThat(guard.breakerState()).as("2 of 4 failed: 50%").isEqualTo("OPEN");
        assertThat(guard.breakerOpenings()).isEqualTo(1);
        assertThat(guard.mayCall()).isFalse();
        assertThat(guard.admit()).isEqualTo(DestinationGuard.Admission.BREAKER_OPEN);

        clock.advance(Duration.ofSeconds(29));
        assertThat(guard.mayCall()).isFalse();
        clock.advance(Duration.ofSeconds(1).plusMillis(1));
        assertThat(guard.mayCall()).as("open-for has passed (strictly): probes may go").isTrue();
        assertThat(guard.breakerState()).isEqualTo("HALF_OPEN");
        call(guard, OutcomeClass.SUCCESS);
        call(guard, OutcomeClass.SUCCESS);
        assertThat(guard.breakerState()).isEqualTo("CLOSED");
    }

    @Test
    void theBreakerLearnsAnOutcomeBeforeItsBulkheadSlotIsFreed() {
        java.util.concurrent.atomic.AtomicReference<DestinationGuard> self = new java.util.concurrent.atomic.AtomicReference<>();
        List<Integer> roomWhenOpened = new ArrayList<>();
        DestinationGuard guard = new DestinationGuard("crm",
                new GuardSpec(1, 0, new GuardSpec.Breaker(50, 2, 2, Duration.ofSeconds(30), 1)), clock,
                to -> { if (to.equals("OPEN")) roomWhenOpened.add(self.get().room()); });
        self.set(guard);
        call(guard, OutcomeClass.RETRYABLE);
        call(guard, OutcomeClass.RETRYABLE);
        // Had the slot been freed first, another thread could have been admitted by the still-closed breaker.
        assertThat(roomWhenOpened).containsExactly(0);
        assertThat(guard.room()).isEqualTo(1);
        assertThat(guard.admit()).isEqualTo(DestinationGuard.Admission.BREAKER_OPEN);
    }

    @Test
    void permanentErrorsDoNotOpenTheBreaker() {
        DestinationGuard guard = new DestinationGuard("crm",
                new GuardSpec(10, 0, new GuardSpec.Breaker(50, 4, 4, Duration.ofSeconds(30), 2)), clock);
        for (int i = 0; i < 8; i++) call(guard, OutcomeClass.PERMANENT);
        assertThat(guard.breakerState()).isEqualTo("CLOSED");
    }

    @Test
    void theBulkheadAdmitsAtMostMaxConcurrentAndFreesOnFinish() {
        DestinationGuard guard = new DestinationGuard("slow", new GuardSpec(2, 0, null), clock);
        assertThat(guard.admit()).isEqualTo(DestinationGuard.Admission.GO);
        assertThat(guard.admit()).isEqualTo(DestinationGuard.Admission.GO);
        assertThat(guard.room()).isZero();
        assertThat(guard.mayCall()).as("a full bulkhead is not a reason to stop claiming: work waits in the lane").isTrue();
        assertThat(guard.admit()).isEqualTo(DestinationGuard.Admission.BULKHEAD_FULL);
        guard.finish(OutcomeClass.SUCCESS, Duration.ofSeconds(10), null);
        assertThat(guard.room()).isEqualTo(1);
        assertThat(guard.admit()).isEqualTo(DestinationGuard.Admission.GO);
    }

    @Test
    void theRateLimitRefusesCallsBeyondThePerSecondAllowance() {
        DestinationGuard guard = new DestinationGuard("api", new GuardSpec(100, 2, null), clock);
        List<DestinationGuard.Admission> admissions = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            DestinationGuard.Admission a = guard.admit();
            admissions.add(a);
            if (a == DestinationGuard.Admission.GO) guard.finish(OutcomeClass.SUCCESS, Duration.ZERO, null);
        }
        // 2 per second: five calls at once can get at most 4 permits, even if a new second begins mid-loop.
        assertThat(admissions).contains(DestinationGuard.Admission.RATE_LIMITED);
        assertThat(admissions.stream().filter(a -> a == DestinationGuard.Admission.GO).count()).isBetween(2L, 4L);
    }
}
