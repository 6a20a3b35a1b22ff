package dev.junction.store;

import java.time.Instant;

/**
 * Which dead letters to replay in bulk; a null component matches everything. A dead letter "failed" when
 * it was last updated, i.e. when it died.
 *
 * @param failedAfter  died at or after this instant
 * @param failedBefore died strictly before this instant
 * @param limit        replay at most this many, oldest first; null for all
 */
public record DeadLetterFilter(String destination, String source, Instant failedAfter, Instant failedBefore, Integer limit) {

    public DeadLetterFilter {
        if (limit != null && limit < 1) throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }

    public static DeadLetterFilter ofDestination(String destination) {
        return new DeadLetterFilter(destination, null, null, null, null);
    }
}
