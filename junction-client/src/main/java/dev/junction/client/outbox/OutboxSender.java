package dev.junction.client.outbox;

import dev.junction.core.retry.OutcomeClass;

/** Sends one committed event, e.g. {@link HttpOutboxSender}; the relay retries or gives up as the outcome says. */
@FunctionalInterface
public interface OutboxSender {

    /**
     * Sends {@code message} once.
     *
     * @return {@link OutcomeClass#SUCCESS} when it was delivered, {@link OutcomeClass#RETRYABLE} to try again later,
     *         {@link OutcomeClass#PERMANENT} to move it to the dead state at once
     * @throws Exception a failure, treated as retryable
     */
    OutcomeClass send(OutboxMessage message) throws Exception;

    /**
     * Sends {@code message} once and says what came of it, for the event's stored error and the receiver's {@code
     * Retry-After}; by default {@link #send}'s outcome alone. The relay calls this one.
     *
     * @throws Exception a failure, retryable unless it shows the request itself is wrong
     */
    default OutboxAttempt attempt(OutboxMessage message) throws Exception {
        return OutboxAttempt.of(send(message));
    }
}
