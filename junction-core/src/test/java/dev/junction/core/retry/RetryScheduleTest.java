package dev.junction.core.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    private static final RetryPolicy POLICY = new RetryPolicy(8, Duration.ofSeconds(1), Duration.ofSeconds(60), 2.0);

    /** A random source that always returns the largest value allowed, so the schedule shows its ceiling. */
    private static RandomGenerator maxRandom() {
        return new RandomGenerator() {
            @Override public long nextLong() { return Long.MAX_VALUE; }
            @Override public long nextLong(long bound) { return bound - 1; }
        };
    }

    private static RandomGenerator zeroRandom() {
        return new RandomGenerator() {
            @Override public long nextLong() { return 0; }
            @Override public long nextLong(long bound) { return 0; }
        };
    }

    @Test
    void ceilingDoublesFromInitialDelayAndStopsAtMaxDelay() {
        RetrySchedule schedule = new RetrySchedule(POLICY, maxRandom());
        assertThat(schedule.ceiling(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(schedule.ceiling(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(schedule.ceiling(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(schedule.ceiling(6)).isEqualTo(Duration.ofSeconds(32));
        assertThat(schedule.ceiling(7)).isEqualTo(Duration.ofSeconds(60));
        assertThat(schedule.ceiling(40)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void fullJitterSpansZeroToCeiling() {
        assertThat(new RetrySchedule(POLICY, maxRandom()).delayBefore(3, Optional.empty())).isEqualTo(Duration.ofSeconds(4));
        assertThat(new RetrySchedule(POLICY, zeroRandom()).delayBefore(3, Optional.empty())).isEqualTo(Duration.ZERO);
    }

    @Test
    void seededJitterStaysWithinBoundsAndIsSpread() {
        RetrySchedule schedule = new RetrySchedule(POLICY, new java.util.SplittableRandom(42));
        long below = 0;
        for (int i = 0; i < 10_000; i++) {
            Duration d = schedule.delayBefore(4, Optional.empty());
            assertThat(d).isBetween(Duration.ZERO, Duration.ofSeconds(8));
            if (d.compareTo(Duration.ofSeconds(4)) < 0) below++;
        }
        // Full jitter is uniform: about half the delays fall in the lower half of the window.
        assertThat(below).isBetween(4_500L, 5_500L);
    }

    @Test
    void retryAfterIsHonouredAsALowerBound() {
        RetrySchedule schedule = new RetrySchedule(POLICY, zeroRandom());
        assertThat(schedule.delayBefore(1, Optional.of(Duration.ofSeconds(30)))).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void retryAfterIsCappedAtMaxDelay() {
        RetrySchedule schedule = new RetrySchedule(POLICY, zeroRandom());
        assertThat(schedule.delayBefore(1, Optional.of(Duration.ofHours(5)))).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void jitterAboveRetryAfterIsKept() {
        RetrySchedule schedule = new RetrySchedule(POLICY, maxRandom());
        assertThat(schedule.delayBefore(5, Optional.of(Duration.ofSeconds(2)))).isEqualTo(Duration.ofSeconds(16));
    }

    @Test
    void maxAttemptsCountsTheFirstAttempt() {
        RetrySchedule schedule = new RetrySchedule(new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(1), 2), maxRandom());
        assertThat(schedule.mayRetry(1)).isTrue();
        assertThat(schedule.mayRetry(2)).isTrue();
        assertThat(schedule.mayRetry(3)).isFalse();
    }

    @Test
    void retryAfterParsesSecondsAndHttpDates() {
        Instant now = Instant.parse("2026-11-23T10:00:00Z");
        assertThat(RetryAfter.parse("120", now)).contains(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse("Mon, 23 Nov 2026 10:01:30 GMT", now)).contains(Duration.ofSeconds(90));
        assertThat(RetryAfter.parse("Mon, 23 Nov 2026 09:00:00 GMT", now)).contains(Duration.ZERO);
        assertThat(RetryAfter.parse("soon", now)).isEmpty();
        assertThat(RetryAfter.parse(null, now)).isEmpty();
        assertThat(RetryAfter.parse("-5", now)).isEmpty();
    }

    @Test
    void retryAfterTakesTheObsoleteDateFormatsARecipientMustAccept() {
        Instant now = Instant.parse("2026-11-23T10:00:00Z");
        assertThat(RetryAfter.parse("Monday, 23-Nov-26 10:01:30 GMT", now)).as("RFC 850").contains(Duration.ofSeconds(90));
        assertThat(RetryAfter.parse("Mon Nov 23 10:01:30 2026", now)).as("asctime").contains(Duration.ofSeconds(90));
        assertThat(RetryAfter.parse("Tue Dec  1 10:00:00 2026", now)).as("asctime, a one-digit day padded").contains(Duration.ofDays(8));
    }

    @Test
    void statusesAreClassifiedAsTheFieldExpects() {
        assertThat(OutcomeClassifier.ofStatus(200)).isEqualTo(OutcomeClass.SUCCESS);
        assertThat(OutcomeClassifier.ofStatus(204)).isEqualTo(OutcomeClass.SUCCESS);
        for (int s : new int[] {408, 425, 429, 500, 502, 503, 504}) {
            assertThat(OutcomeClassifier.ofStatus(s)).as("status %d", s).isEqualTo(OutcomeClass.RETRYABLE);
        }
        for (int s : new int[] {301, 400, 401, 403, 404, 410, 422}) {
            assertThat(OutcomeClassifier.ofStatus(s)).as("status %d", s).isEqualTo(OutcomeClass.PERMANENT);
        }
        assertThat(OutcomeClassifier.ofError(new java.net.ConnectException("refused"))).isEqualTo(OutcomeClass.RETRYABLE);
        assertThat(OutcomeClassifier.ofError(new java.net.UnknownHostException("x"))).isEqualTo(OutcomeClass.RETRYABLE);
        assertThat(OutcomeClassifier.ofError(new java.net.http.HttpTimeoutException("t"))).isEqualTo(OutcomeClass.RETRYABLE);
        assertThat(OutcomeClassifier.errorKind(new java.net.http.HttpTimeoutException("t"))).isEqualTo("timeout");
        // Jetty's client (the delivery client): a request's total timeout, and a connect timeout.
        assertThat(OutcomeClassifier.errorKind(new java.util.concurrent.TimeoutException("Total timeout 1000 ms elapsed"))).isEqualTo("timeout");
        assertThat(OutcomeClassifier.ofError(new java.util.concurrent.TimeoutException("t"))).isEqualTo(OutcomeClass.RETRYABLE);
        assertThat(OutcomeClassifier.errorKind(new java.net.SocketTimeoutException("Connect Timeout"))).isEqualTo("connect-timeout");
        assertThat(OutcomeClassifier.errorKind(new java.net.ConnectException("Connection refused"))).isEqualTo("connect");
    }
}
