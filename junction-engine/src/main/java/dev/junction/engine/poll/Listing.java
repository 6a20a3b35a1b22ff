package dev.junction.engine.poll;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.store.PollState;
import java.time.Duration;
import java.util.List;

/** What reading every page of a polled listing came to. */
sealed interface Listing {

    int pages();

    /** The server said 304, or the bodies hashed as last time: nothing to compare. */
    record NotModified(int status, int pages) implements Listing {}

    /** Every page read; {@code items} in listing order, {@code validators} for the next conditional GET. */
    record Fetched(int status, int pages, List<JsonNode> items, PollState.Validators validators) implements Listing {}

    /**
     * A page failed: nothing of the listing is used.
     *
     * @param status     the HTTP status, or null when no answer came
     * @param error      one line for the poll's record: no body, no credentials
     * @param retryAfter what a 429 or 503 asked for, or null
     */
    record Failed(Integer status, String error, Duration retryAfter, int pages) implements Listing {}
}
