package dev.junction.core.verify;

import java.time.Instant;
import java.util.Optional;

/**
 * A signature scheme bound to a source's secrets and tolerance: checks one request.
 * Implementations compare signatures in constant time and never log secrets or signatures.
 */
public interface Verifier {

    /** Checks the request's signature as of {@code now}. */
    Verification verify(WebhookRequest request, Instant now);

    /** The scheme's natural dedupe key for the request, e.g. Stripe's event id or GitHub's delivery id. */
    Optional<String> dedupeKey(WebhookRequest request);
}
