package dev.junction.store;

import java.time.Instant;

/**
 * Where a polled source stands after its last committed poll.
 *
 * @param cursor        the cursor the next poll sends ({@code {cursor}} in its url); null before any
 * @param validators    what the next poll's conditional GET sends; {@link Validators#NONE} for none
 * @param generation    how many polls committed: each commit expects the one before, so two pollers cannot both land
 * @param lastSuccessAt when a poll last succeeded (null: never)
 */
public record PollState(String source, String cursor, Validators validators, long generation, Instant lastSuccessAt) {

    public PollState {
        validators = validators == null ? Validators.NONE : validators;
    }

    /** A source never polled. */
    public static PollState initial(String source) {
        return new PollState(source, null, Validators.NONE, 0, null);
    }

    /**
     * What tells a poll that nothing changed since: the server's {@code ETag} and {@code Last-Modified} for
     * {@code url}, and the SHA-256 of the bodies when the server gives neither.
     */
    public record Validators(String url, String etag, String lastModified, String bodyHash) {
        public static final Validators NONE = new Validators(null, null, null, null);
    }
}
