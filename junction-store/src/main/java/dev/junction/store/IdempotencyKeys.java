package dev.junction.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Idempotency keys of the admin API's POSTs (draft-ietf-httpapi-idempotency-key-header): the first request with
 * a key claims it, runs, and stores its response; a retry finds that response instead of running again.
 * A key lives in a scope (who sent it and to which route) and expires; expired keys are pruned by
 * {@link Pruning#pruneIdempotencyKeys}. Every method is one transaction; time is passed in.
 */
public interface IdempotencyKeys {

    /**
     * Claims {@code key} in {@code scope} for a request with {@code fingerprint}: held until {@code now + lock},
     * kept until {@code now + ttl}. Empty when this caller won and must run the request; otherwise the key as it
     * stands, for the caller to answer from (a stored response, a request still in flight, another fingerprint).
     * A claim is won when the key is new, has expired, or was claimed for the same fingerprint by a holder whose
     * lock has passed (it died before completing). Of concurrent claims of one key exactly one wins.
     */
    Optional<IdempotencyRecord> claimIdempotencyKey(String scope, String key, String fingerprint, Instant now, Duration lock, Duration ttl);

    /**
     * Stores the response of a claimed request and marks its key completed; false when the claim is no longer
     * this fingerprint's in-flight claim (it expired and was claimed again), and nothing is written.
     */
    boolean completeIdempotencyKey(String scope, String key, String fingerprint, IdempotencyRecord.Response response);

    /** Gives a claim up (the request was refused before it ran), so a retry runs afresh; false when there was none. */
    boolean releaseIdempotencyKey(String scope, String key, String fingerprint);

    /** The key as stored, expired or not. */
    Optional<IdempotencyRecord> idempotencyKey(String scope, String key);
}
