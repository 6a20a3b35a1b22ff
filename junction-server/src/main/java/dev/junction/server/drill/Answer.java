package dev.junction.server.drill;

import dev.junction.core.retry.OutcomeClass;
import dev.junction.core.retry.OutcomeClassifier;
import java.time.Duration;

/**
 * How the receiver answered one attempt.
 *
 * @param webhookId the event's id (the same on every copy of one event)
 * @param status    the HTTP status, or 0 when there was none: {@link #timedOut} or a connection error
 * @param latency   from sending to the answer (the timeout when it timed out)
 * @param error     why there was no answer, or null
 */
record Answer(String webhookId, int status, Duration latency, boolean timedOut, String error) {

    static Answer of(String webhookId, int status, Duration latency) {
        return new Answer(webhookId, status, latency, false, null);
    }

    /** 2xx, 4xx, 5xx, timeout or error: what production's retry logic goes by. */
    String statusClass() {
        if (timedOut) return "timeout";
        if (status == 0) return "error";
        return status / 100 + "xx";
    }

    boolean accepted() {
        return status >= 200 && status < 300;
    }

    /** Retried in production (408, 425, 429, 5xx, timeouts, connection errors): the delivery engine's own classifier says. */
    boolean transientFailure() {
        return status == 0 || OutcomeClassifier.ofStatus(status) == OutcomeClass.RETRYABLE;
    }

    /** Dead at once in production: a 4xx other than 408, 425 or 429, or a redirect. */
    boolean permanentFailure() {
        return status != 0 && OutcomeClassifier.ofStatus(status) == OutcomeClass.PERMANENT;
    }

    /** A definite answer about the event (accepted or refused), as opposed to a transient failure. */
    boolean definite() {
        return !transientFailure();
    }

    @Override
    public String toString() {
        return timedOut ? "timeout" : status == 0 ? "error" : Integer.toString(status);
    }
}
