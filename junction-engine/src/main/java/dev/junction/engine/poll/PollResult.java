package dev.junction.engine.poll;

import dev.junction.store.PollRecord;
import java.time.Duration;
import java.time.Instant;

/** What asking for a poll came to. */
public sealed interface PollResult {

    /**
     * The poll ran and its record is stored (with what a 429 or 503 asked to wait, {@link PollRecord#retryAfter});
     * {@code withheldDeletions} how many deletions the mass-removal guard kept back.
     */
    record Done(PollRecord record, int withheldDeletions) implements PollResult {
        public Done(PollRecord record) {
            this(record, 0);
        }
    }

    /** No poll ran, or its commit was fenced off: another node holds the source, or a poll of it is running here. */
    record Skipped(String reason) implements PollResult {}

    /**
     * No poll ran: the source's server asked Junction to wait ({@code Retry-After} on a 429 or 503) until {@code until},
     * {@code left} from now.
     * Asking again sooner, as an operator's "poll now" would, only gets refused again, and some hosts block a client
     * that does.
     */
    record Deferred(Instant until, Duration left, String reason) implements PollResult {}
}
