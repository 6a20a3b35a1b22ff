package dev.junction.engine.deliver;

import dev.junction.core.retry.OutcomeClass;
import dev.junction.core.retry.OutcomeClassifier;
import dev.junction.core.retry.RetryAfter;
import dev.junction.core.retry.RetrySchedule;
import dev.junction.store.AttemptRecord;
import dev.junction.store.Completion;
import java.time.Duration;
import java.time.Instant;

/** Turns one attempt's result into its record and the delivery's next state. */
final class AttemptJudge {

    record Verdict(AttemptRecord attempt, Completion next) {}

    private AttemptJudge() {}

    static Verdict judge(String deliveryId, int attemptNumber, Instant startedAt, Instant finishedAt, SendResult result,
                         RetrySchedule schedule) {
        return judge(deliveryId, attemptNumber, startedAt, finishedAt, result, schedule, Instant.MAX);
    }

    /** As above, with the delivery's overall deadline: a retry that would start after it is not scheduled. */
    static Verdict judge(String deliveryId, int attemptNumber, Instant startedAt, Instant finishedAt, SendResult result,
                         RetrySchedule schedule, Instant deadline) {
        return judge(deliveryId, attemptNumber, startedAt, finishedAt, result, schedule, deadline, null);
    }

    /** As above, for a delivery sent in the batch {@code batchId} (null: in a request of its own). */
    static Verdict judge(String deliveryId, int attemptNumber, Instant startedAt, Instant finishedAt, SendResult result,
                         RetrySchedule schedule, Instant deadline, String batchId) {
        OutcomeClass outcome = outcome(result);
        String error = null;
        if (result.error() != null) {
            String message = result.error().getMessage();
            error = OutcomeClassifier.errorKind(result.error()) + ": "
                    + shorten(message == null || message.isBlank() ? result.error().getClass().getSimpleName() : message);
        }
        AttemptRecord attempt = new AttemptRecord(deliveryId, attemptNumber, startedAt, Duration.between(startedAt, finishedAt),
                outcome, result.status(), error, result.excerpt(), batchId);
        Completion next = switch (outcome) {
            case SUCCESS -> new Completion.Succeeded();
            case PERMANENT -> new Completion.Dead(describe(result, error) + " (permanent)");
            case RETRYABLE -> {
                if (!schedule.mayRetry(attemptNumber)) {
                    yield new Completion.Dead(describe(result, error) + " after " + attemptNumber + " attempts");
                }
                Instant at = finishedAt.plus(schedule.delayBefore(attemptNumber, RetryAfter.parse(result.retryAfter(), finishedAt)));
                yield at.isAfter(deadline)
                        ? new Completion.Dead(describe(result, error) + " after " + attemptNumber + " attempts; deadline reached")
                        : new Completion.RetryAt(at);
            }
        };
        return new Verdict(attempt, next);
    }

    /** Success, a failure worth retrying, or a permanent one. */
    static OutcomeClass outcome(SendResult result) {
        if (result.error() != null) return OutcomeClassifier.ofError(result.error());
        if (result.acknowledged()) return OutcomeClass.SUCCESS;
        return OutcomeClassifier.ofStatus(result.status());
    }

    private static String describe(SendResult result, String error) {
        return result.status() != null ? "HTTP " + result.status() : error;
    }

    private static String shorten(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200);
    }

}
