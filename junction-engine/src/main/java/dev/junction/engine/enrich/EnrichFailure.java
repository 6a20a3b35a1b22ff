package dev.junction.engine.enrich;

/**
 * A fetch that did not give an answer to merge. {@code permanent} follows the delivery's own rules: an answer
 * whose status is not worth retrying (a 404, a 401), an answer that is not a JSON object or array, an event
 * without the value the URL needs; network errors, timeouts, 429 and 5xx are retried with the delivery.
 */
public final class EnrichFailure extends RuntimeException {

    private final boolean permanent;

    public EnrichFailure(String message, boolean permanent) {
        super(message, null, false, false);
        this.permanent = permanent;
    }

    public boolean permanent() {
        return permanent;
    }
}
