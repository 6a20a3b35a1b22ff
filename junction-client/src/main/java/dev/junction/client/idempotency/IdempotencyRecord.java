package dev.junction.client.idempotency;

/**
 * A key another request holds: its request's fingerprint, and its response once it completed.
 *
 * @param fingerprint the hex SHA-256 of the first request's method, path and canonical body
 * @param response    the stored response; null while that request is still in flight
 */
public record IdempotencyRecord(String fingerprint, StoredResponse response) {

    /** True while the first request with the key has not finished. */
    public boolean inFlight() {
        return response == null;
    }
}
