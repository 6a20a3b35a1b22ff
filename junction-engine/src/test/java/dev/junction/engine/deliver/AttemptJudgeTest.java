package dev.junction.engine.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.retry.OutcomeClass;
import dev.junction.core.retry.RetryPolicy;
import dev.junction.core.retry.RetrySchedule;
import dev.junction.store.Completion;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class AttemptJudgeTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final Instant T1 = T0.plusMillis(250);

    /** Always the top of the jitter window, so the expected schedule is exact. */
    static final RandomGenerator TOP = new RandomGenerator() {
        @Override public long nextLong() { return Long.MAX_VALUE; }
        @Override public long nextLong(long bound) { return bound - 1; }
    };

    private final RetrySchedule schedule = new RetrySchedule(
            new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(30), 2.0), TOP);

    private AttemptJudge.Verdict judge(int attempt, SendResult result) {
        return AttemptJudge.judge("dlv_1", attempt, T0, T1, result, schedule);
    }

    @Test
    void aBrokersAcknowledgementSucceedsWithoutAStatus() {
        AttemptJudge.Verdict v = judge(1, SendResult.acknowledged("confirmed by the broker"));
        assertThat(v.next()).isInstanceOf(Completion.Succeeded.class);
        assertThat(v.attempt().status()).isNull();
        assertThat(v.attempt().responseExcerpt()).isEqualTo("confirmed by the broker");
    }

    @Test
    void aBrokersRefusalIsRetriedUnderItsOwnKindUnlessPermanent() {
        AttemptJudge.Verdict unroutable = judge(1, SendResult.failure(
                new dev.junction.core.retry.DeliveryRefused("unroutable", "no queue is bound", false)));
        assertThat(unroutable.attempt().outcome()).isEqualTo(OutcomeClass.RETRYABLE);
        assertThat(unroutable.attempt().error()).isEqualTo("unroutable: no queue is bound");
        assertThat(unroutable.next()).isEqualTo(new Completion.RetryAt(T1.plusSeconds(1)));
        AttemptJudge.Verdict permanent = judge(1, SendResult.failure(
                new dev.junction.core.retry.DeliveryRefused("kind", "no sender", true)));
        assertThat(permanent.next()).isEqualTo(new Completion.Dead("kind: no sender (permanent)"));
    }

    @Test
    void twoHundredSucceedsAndRecordsTheAttempt() {
        AttemptJudge.Verdict v = judge(1, SendResult.response(204, null, ""));
        assertThat(v.next()).isInstanceOf(Completion.Succeeded.class);
        assertThat(v.attempt().outcome()).isEqualTo(OutcomeClass.SUCCESS);
        assertThat(v.attempt().duration()).isEqualTo(Duration.ofMillis(250));
        assertThat(v.attempt().status()).isEqualTo(204);
    }

    @Test
    void retryableFailuresBackOffExponentiallyFromTheEndOfTheAttempt() {
        assertThat(judge(1, SendResult.response(503, null, "busy")).next()).isEqualTo(new Completion.RetryAt(T1.plusSeconds(1)));
        assertThat(judge(2, SendResult.response(500, null, "oops")).next()).isEqualTo(new Completion.RetryAt(T1.plusSeconds(2)));
    }

    @Test
    void retryAfterIsUsedWhenLongerThanTheBackoff() {
        assertThat(judge(1, SendResult.response(429, "20", null)).next()).isEqualTo(new Completion.RetryAt(T1.plusSeconds(20)));
        assertThat(judge(1, SendResult.response(503, "3600", null)).next())
                .as("capped at max-delay").isEqualTo(new Completion.RetryAt(T1.plusSeconds(30)));
    }

    @Test
    void transportErrorsAreRetryableAndNamed() {
        AttemptJudge.Verdict timeout = judge(1, SendResult.failure(new HttpTimeoutException("request timed out")));
        assertThat(timeout.next()).isInstanceOf(Completion.RetryAt.class);
        assertThat(timeout.attempt().status()).isNull();
        assertThat(timeout.attempt().error()).isEqualTo("timeout: request timed out");
        assertThat(judge(1, SendResult.failure(new ConnectException("refused"))).attempt().error()).startsWith("connect:");
        assertThat(judge(1, SendResult.failure(new ConnectException())).attempt().error()).isEqualTo("connect: ConnectException");
        assertThat(judge(1, SendResult.failure(new UnknownHostException("nowhere.invalid"))).attempt().error()).startsWith("dns:");
    }

    @Test
    void permanentErrorsAreDeadAtOnce() {
        Completion next = judge(1, SendResult.response(400, null, "bad")).next();
        assertThat(next).isInstanceOf(Completion.Dead.class);
        assertThat(((Completion.Dead) next).reason()).isEqualTo("HTTP 400 (permanent)");
    }

    @Test
    void aRetryThatWouldStartAfterTheDeadlineIsNotScheduled() {
        AttemptJudge.Verdict inTime = AttemptJudge.judge("dlv_1", 1, T0, T1, SendResult.response(503, null, null), schedule, T1.plusSeconds(1));
        assertThat(inTime.next()).isEqualTo(new Completion.RetryAt(T1.plusSeconds(1)));
        AttemptJudge.Verdict late = AttemptJudge.judge("dlv_1", 1, T0, T1, SendResult.response(503, null, null), schedule, T1.plusMillis(999));
        assertThat(late.next()).isEqualTo(new Completion.Dead("HTTP 503 after 1 attempts; deadline reached"));
    }

    @Test
    void theLastAllowedAttemptFailingIsDead() {
        Completion next = judge(3, SendResult.response(503, null, null)).next();
        assertThat(next).isEqualTo(new Completion.Dead("HTTP 503 after 3 attempts"));
    }
}
