package dev.junction.client.housekeeping;

import java.time.Instant;

/** One bounded delete of rows that are no longer needed, as {@link Housekeeping} runs it. */
@FunctionalInterface
public interface Purge {

    /** Deletes up to {@code limit} rows that are due for deletion at {@code now}; returns how many it deleted. */
    int delete(Instant now, int limit);
}
