package dev.junction.engine.poll;

import dev.junction.store.PollRecord;
import java.time.Duration;

/** What asking for a poll came to. */
public sealed interface PollResult {

    /**
     * The poll ran and its record is stored; {@code retryAfter} is what a 429 or 503 asked for, or null;
     * {@code withheldDeletions} how many deletions the mass-removal guard kept back.
     */
    record Done(PollRecord record, Duration retryAfter, int withheldDeletions) implements PollResult {
        public Done(PollRecord record, Duration retryAfter) {
            this(record, retryAfter, 0);
        }
    }

    /** No poll ran, or its commit was fenced off: another node holds the source, or a poll of it is running here. */
    record Skipped(String reason) implements PollResult {}
}
