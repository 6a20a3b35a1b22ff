package dev.junction.store;

import java.time.Instant;

/**
 * An idempotency key as stored: which request claimed it (by fingerprint) and, once it completed, its response.
 *
 * @param response    null while {@link State#IN_FLIGHT}
 * @param lockedUntil while in flight, when the claim may be taken over (its holder is presumed dead); null once completed
 */
public record IdempotencyRecord(String scope, String key, String fingerprint, State state, Response response,
                                Instant lockedUntil, Instant expiresAt, Instant createdAt) {

    public enum State { IN_FLIGHT, COMPLETED }

    /** What the first request answered, replayed byte for byte. */
    public record Response(int status, String contentType, byte[] body) {
        public Response {
            body = body == null ? new byte[0] : body;
        }
    }
}
