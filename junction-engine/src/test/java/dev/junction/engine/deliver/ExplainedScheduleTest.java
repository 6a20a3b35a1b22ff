package dev.junction.engine.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.retry.RetryPolicy;
import dev.junction.core.retry.RetrySchedule;
import dev.junction.core.retry.RetryTimeline;
import dev.junction.store.Completion;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The retry timeline {@code junction explain} prints is the one the dispatcher follows: a delivery whose every
 * attempt times out, judged attempt by attempt with the jitter at the top of its window, is retried at exactly the
 * timeline's latest starts and dies when the timeline says, by max-attempts or by the deadline.
 */
class ExplainedScheduleTest {

    private static final Instant CREATED = Instant.parse("2026-11-30T10:00:00Z");

    /** The attempts' start times, from the first, as the judge schedules them until it declares the delivery dead. */
    private static Walk walk(RetryPolicy policy, Duration timeout, Duration deadline) {
        RetrySchedule schedule = new RetrySchedule(policy, AttemptJudgeTest.TOP);
        java.util.List<Duration> starts = new java.util.ArrayList<>();
        Instant start = CREATED;
        for (int n = 1; ; n++) {
            starts.add(Duration.between(CREATED, start));
            Instant finished = start.plus(timeout);
            AttemptJudge.Verdict v = AttemptJudge.judge("dlv_1", n, start, finished,
                    SendResult.failure(new HttpTimeoutException("request timed out")), schedule, CREATED.plus(deadline));
            if (v.next() instanceof Completion.RetryAt retry) {
                start = retry.at();
            } else {
                return new Walk(starts, Duration.between(CREATED, finished), ((Completion.Dead) v.next()).reason());
            }
        }
    }

    private record Walk(java.util.List<Duration> starts, Duration deadAt, String reason) {}

    @Test
    void theDefaultPolicysTimelineIsTheJudgesSchedule() {
        RetryPolicy policy = RetryPolicy.DEFAULT;
        RetryTimeline timeline = RetryTimeline.of(policy, Duration.ofSeconds(30), Duration.ofDays(3));
        Walk walk = walk(policy, Duration.ofSeconds(30), Duration.ofDays(3));

        assertThat(timeline.attempts().stream().map(RetryTimeline.Attempt::latestStart).toList()).isEqualTo(walk.starts());
        assertThat(timeline.untilDead()).isEqualTo(walk.deadAt());
        assertThat(timeline.cutByDeadline()).isFalse();
        assertThat(walk.reason()).endsWith("after 8 attempts");
    }

    @Test
    void aDeadlineThatEndsTheRetriesEarlyEndsTheTimelineWhereTheJudgeDoes() {
        RetryPolicy policy = new RetryPolicy(20, Duration.ofSeconds(5), Duration.ofHours(1), 3.0);
        RetryTimeline timeline = RetryTimeline.of(policy, Duration.ofSeconds(10), Duration.ofHours(2));
        Walk walk = walk(policy, Duration.ofSeconds(10), Duration.ofHours(2));

        assertThat(timeline.attempts().stream().map(RetryTimeline.Attempt::latestStart).toList()).isEqualTo(walk.starts());
        assertThat(timeline.untilDead()).isEqualTo(walk.deadAt());
        assertThat(timeline.cutByDeadline()).isTrue();
        assertThat(walk.reason()).endsWith("deadline reached");
        assertThat(timeline.attempts()).hasSizeLessThan(20);
    }
}
