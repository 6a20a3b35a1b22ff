package dev.junction.store;

import java.time.Duration;
import java.time.Instant;

/**
 * One poll, as the admin API lists it.
 *
 * @param status  the HTTP status of the last page fetched, or null when no answer came
 * @param error   why it failed, in a short line without credentials or bodies; null when it did not
 * @param items   how many items the listing held
 * @param changes how many messages it emitted
 * @param retryAfter what the server asked to wait from the poll's end (Retry-After on a 429 or 503), or null
 */
public record PollRecord(String id, String source, String node, Instant startedAt, Duration duration, Integer status, String error,
                         int pages, int items, int changes, Outcome outcome, Duration retryAfter) {

    /** A poll whose server asked for no wait. */
    public PollRecord(String id, String source, String node, Instant startedAt, Duration duration, Integer status, String error,
                      int pages, int items, int changes, Outcome outcome) {
        this(id, source, node, startedAt, duration, status, error, pages, items, changes, outcome, null);
    }

    /** Until when the server asked to be left alone, or null when it did not ask. */
    public Instant waitUntil() {
        return retryAfter == null ? null : startedAt.plus(duration).plus(retryAfter);
    }

    /** What a poll came to. */
    public enum Outcome {
        /** Items were created, changed or deleted: messages emitted. */
        CHANGED,
        /** Listed, compared, nothing changed. */
        UNCHANGED,
        /** The server said 304, or the body hash matched: nothing to compare. */
        NOT_MODIFIED,
        /** The server or the network failed, or the body was not what the config expects. */
        FAILED;

        public String label() { return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'); }
    }
}
