package dev.junction.core.verify;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A signature scheme bound to a source's secrets and tolerance: checks one request.
 * Implementations compare signatures in constant time and never log secrets or signatures.
 */
public interface Verifier {

    /** Checks the request's signature as of {@code now}. */
    Verification verify(WebhookRequest request, Instant now);

    /**
     * The headers a signed request of this scheme carries, as the provider spells them, so a rejection for a
     * missing signature can name what it looked for; empty for a scheme that checks none.
     */
    List<String> signatureHeaders();

    /**
     * What to tell a sender refused for {@code reason}: a missing signature names the headers looked for, so a
     * sender pointed at the wrong source's URL sees it at once. Never holds a secret or anything sent.
     */
    default String rejectionDetail(Verification.Reason reason) {
        List<String> expected = signatureHeaders();
        if (reason != Verification.Reason.MISSING_SIGNATURE || expected.isEmpty()) return reason.detail();
        return expected.size() == 1
                ? "The request carries no " + expected.getFirst() + " header, which this source's signature scheme expects."
                : "The request lacks one of the headers this source's signature scheme expects: "
                        + String.join(", ", expected) + ".";
    }

    /**
     * What to tell a sender of {@code request} refused for {@code reason} as of {@code now}: {@link
     * #rejectionDetail(Verification.Reason)}, and for a stale timestamp how far it was from {@code now} and the
     * tolerance (said only of a request whose signature matched, so it tells a forger nothing).
     */
    default String rejectionDetail(Verification.Reason reason, WebhookRequest request, Instant now) {
        return rejectionDetail(reason);
    }

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
