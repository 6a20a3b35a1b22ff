package dev.junction.core.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryTimelineTest {

    @Test
    void theDefaultPolicyWithA30sTimeoutIsDeadWithinSixAndAHalfMinutes() {
        RetryTimeline t = RetryTimeline.of(RetryPolicy.DEFAULT, Duration.ofSeconds(30), Duration.ofDays(3));

        // attempt n+1 starts at the latest when attempt n has used its whole 30 s and the wait its whole window (1s, 2s, 4s...).
        assertThat(t.attempts()).extracting(a -> a.latestStart().toSeconds()).containsExactly(0L, 31L, 63L, 97L, 135L, 181L, 243L, 337L);
        assertThat(t.attempts()).extracting(a -> a.window().toSeconds()).containsExactly(0L, 1L, 2L, 4L, 8L, 16L, 32L, 64L);
        assertThat(t.untilDead()).isEqualTo(Duration.ofSeconds(367));
        assertThat(t.cutByDeadline()).isFalse();
    }

    @Test
    void aRetryThatWouldStartAfterTheDeadlineIsNotOnTheTimeline() {
        RetryTimeline t = RetryTimeline.of(RetryPolicy.DEFAULT, Duration.ofSeconds(30), Duration.ofMinutes(1));

        assertThat(t.attempts()).extracting(a -> a.latestStart().toSeconds()).containsExactly(0L, 31L);
        assertThat(t.untilDead()).isEqualTo(Duration.ofSeconds(61));
        assertThat(t.cutByDeadline()).isTrue();
    }

    @Test
    void noRetriesIsOneAttempt() {
        RetryTimeline t = RetryTimeline.of(new RetryPolicy(1, Duration.ofSeconds(1), Duration.ofSeconds(1), 2), Duration.ofSeconds(5), Duration.ofDays(3));

        assertThat(t.attempts()).hasSize(1);
        assertThat(t.untilDead()).isEqualTo(Duration.ofSeconds(5));
    }
}
