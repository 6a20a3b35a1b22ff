package dev.junction.engine.poll;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.config.PollSpec;
import dev.junction.store.PollRecord.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** When a source is polled next: interval with jitter, idle slow-down and snap-back, backoff, Retry-After, cron. */
class PollScheduleTest {

    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");
    private static final Duration EVERY = Duration.ofSeconds(10);

    private static PollSchedule schedule(Duration every, String cron) {
        return new PollSchedule(new PollSpec("http://127.0.0.1/items", every, cron, null, "/results", "/id", null, null, null, 0, null),
                new Random(42));
    }

    private static Duration wait(PollSchedule s, Outcome outcome, Duration retryAfter) {
        return Duration.between(NOW, s.after(NOW, outcome, retryAfter));
    }

    @Test
    void aChangingSourceIsPolledEveryIntervalPlusAtMostATenthOfJitter() {
        PollSchedule s = schedule(EVERY, null);
        for (int i = 0; i < 20; i++) assertThat(wait(s, Outcome.CHANGED, null)).isBetween(EVERY, Duration.ofSeconds(11));
        assertThat(Duration.between(NOW, s.first(NOW))).isBetween(Duration.ZERO, Duration.ofSeconds(1));
    }

    @Test
    void anIdleSourceSlowsDownToFourTimesItsIntervalAndSnapsBackOnTheFirstChange() {
        PollSchedule s = schedule(EVERY, null);
        assertThat(wait(s, Outcome.UNCHANGED, null)).isLessThan(Duration.ofSeconds(12));
        assertThat(wait(s, Outcome.NOT_MODIFIED, null)).isLessThan(Duration.ofSeconds(12));
        assertThat(wait(s, Outcome.UNCHANGED, null)).as("third idle poll").isBetween(Duration.ofSeconds(20), Duration.ofSeconds(21));
        assertThat(wait(s, Outcome.UNCHANGED, null)).isBetween(Duration.ofSeconds(40), Duration.ofSeconds(41));
        assertThat(wait(s, Outcome.UNCHANGED, null)).as("never more than 4x").isBetween(Duration.ofSeconds(40), Duration.ofSeconds(41));
        assertThat(wait(s, Outcome.CHANGED, null)).isBetween(EVERY, Duration.ofSeconds(11));
    }

    @Test
    void failuresBackOffWithFullJitterUpToTheCapAndASuccessResetsIt() {
        PollSchedule s = schedule(EVERY, null);
        assertThat(s.backoffCap()).isEqualTo(Duration.ofSeconds(640));
        Duration ceiling = EVERY;
        for (int i = 1; i <= 10; i++) {
            ceiling = ceiling.multipliedBy(2).compareTo(s.backoffCap()) > 0 ? s.backoffCap() : ceiling.multipliedBy(2);
            assertThat(wait(s, Outcome.FAILED, null)).isBetween(EVERY, ceiling);
        }
        assertThat(wait(s, Outcome.CHANGED, null)).isBetween(EVERY, Duration.ofSeconds(11));
        assertThat(wait(s, Outcome.FAILED, null)).isBetween(EVERY, Duration.ofSeconds(20));
        assertThat(schedule(Duration.ofHours(2), null).backoffCap()).as("never below the interval").isEqualTo(Duration.ofHours(2));
    }

    @Test
    void retryAfterIsAFloor() {
        assertThat(wait(schedule(EVERY, null), Outcome.FAILED, Duration.ofMinutes(5))).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void aCronSourceRunsAtItsNextTimeAndAnotherNodeLooksAgainWithinHalfALease() {
        PollSchedule s = schedule(null, "*/5 * * * *");
        assertThat(s.after(NOW.plusSeconds(61), Outcome.UNCHANGED, null)).isEqualTo(Instant.parse("2026-11-30T10:05:00Z"));
        assertThat(s.first(NOW.plusSeconds(1))).isEqualTo(Instant.parse("2026-11-30T10:05:00Z"));
        assertThat(schedule(Duration.ofHours(1), null).whileHeldElsewhere(NOW, Duration.ofSeconds(30))).isEqualTo(NOW.plusSeconds(15));
        assertThat(schedule(Duration.ofSeconds(2), null).whileHeldElsewhere(NOW, Duration.ofSeconds(30))).isEqualTo(NOW.plusSeconds(2));
    }
}
