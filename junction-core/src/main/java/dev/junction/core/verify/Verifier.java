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

    /**
     * The scheme's natural dedupe key for the request, e.g. Stripe's event id or GitHub's delivery id;
     * {@link DedupeKey.Malformed} when the scheme's payloads always carry one and this request's does not;
     * empty when the scheme names no key for this request (then the caller keys it by the body's hash).
     */
    Optional<DedupeKey> dedupeKey(WebhookRequest request);

    /**
     * The event's type where the scheme's provider puts it, e.g. Stripe's {@code /type} or GitHub's
     * {@code X-GitHub-Event}; empty when the request has none there, or the scheme knows no place
     * (generic schemes: the source's configuration may name one, see {@link EventTypes}).
     */
    default Optional<String> eventType(WebhookRequest request) {
        return Optional.empty();
    }

    /**
     * The answer to a verified request by which the provider checks that this URL is its endpoint before it
     * sends events (Slack's {@code url_verification}): such a request is not an event, so it is answered with
     * what it asks back and stored nowhere. Empty for every other request, and for schemes without one.
     */
    default Optional<String> handshake(WebhookRequest request) {
        return Optional.empty();
    }
}
