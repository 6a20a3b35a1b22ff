package dev.junction.client.webhook;

import dev.junction.core.config.VerifySpec;
import dev.junction.core.verify.DedupeKey;
import dev.junction.core.verify.DedupeKeys;
import dev.junction.core.verify.EventTypes;
import dev.junction.core.verify.SignatureSchemes;
import dev.junction.core.verify.Verification;
import dev.junction.core.verify.Verifier;
import dev.junction.core.verify.WebhookRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Objects;

/**
 * Checks a provider's webhook in one call, with the gateway's own schemes: {@code
 * WebhookVerifier.stripe(secret).verify(headers, body)} returns the verified event's id and type, or throws a
 * {@link WebhookRejectedException} that says why. Several secrets may be given while one is being rotated (any one
 * matching is enough); signed timestamps must be within the tolerance, 5 minutes unless set. Immutable and
 * thread-safe; the {@code with...} methods return a new verifier.
 */
public final class WebhookVerifier {

    private static final String NONE = "none";

    private final String source;
    private final VerifySpec spec;
    private final Verifier verifier;
    private final Clock clock;

    private WebhookVerifier(String source, VerifySpec spec, Clock clock) {
        this.source = Objects.requireNonNull(source, "source");
        this.spec = spec;
        this.verifier = SignatureSchemes.create(spec);
        this.clock = clock;
    }

    /**
     * A verifier for the scheme and secrets {@code spec} names, as a gateway source's {@code verify} settings do.
     * Scheme {@code none} is refused here: it checks nothing, so a forged request would pass; {@link #unverified()}
     * says so where it is called.
     *
     * @throws IllegalArgumentException for an unknown scheme, {@code none}, or a missing or malformed secret (never
     *                                  quoting it)
     */
    public static WebhookVerifier of(VerifySpec spec) {
        if (NONE.equals(spec.scheme().trim().toLowerCase(java.util.Locale.ROOT))) {
            throw new IllegalArgumentException("scheme none checks no signature, so a forged webhook would pass as the"
                    + " provider's; use WebhookVerifier.unverified() if that is meant");
        }
        return new WebhookVerifier(spec.scheme(), spec, Clock.systemUTC());
    }

    /**
     * A verifier that checks no signature and accepts every request, a forged one too, still giving its id (the
     * body's hash) for a {@link WebhookInbox}: for a sender that cannot sign, or a local test. Never for a payment
     * provider.
     */
    public static WebhookVerifier unverified() {
        return new WebhookVerifier(NONE, new VerifySpec(NONE, List.of(), null, null), Clock.systemUTC());
    }

    /** Stripe's {@code Stripe-Signature}; the secrets are the endpoint's {@code whsec_...} values. */
    public static WebhookVerifier stripe(String... secrets) {
        return scheme("stripe", secrets);
    }

    /** GitHub's {@code X-Hub-Signature-256}. */
    public static WebhookVerifier github(String... secrets) {
        return scheme("github", secrets);
    }

    /** Slack's {@code X-Slack-Signature} with {@code X-Slack-Request-Timestamp}. */
    public static WebhookVerifier slack(String... secrets) {
        return scheme("slack", secrets);
    }

    /** Shopify's {@code X-Shopify-Hmac-Sha256}. */
    public static WebhookVerifier shopify(String... secrets) {
        return scheme("shopify", secrets);
    }

    /** Standard Webhooks ({@code webhook-id}, {@code webhook-timestamp}, {@code webhook-signature}); {@code whsec_} base64 secrets. */
    public static WebhookVerifier standardWebhooks(String... secrets) {
        return scheme("standard-webhooks", secrets);
    }

    /** A generic HMAC in the header and encoding {@code options} describe. */
    public static WebhookVerifier hmac(VerifySpec.HmacOptions options, String... secrets) {
        return of(new VerifySpec("hmac", List.of(secrets), null, options));
    }

    private static WebhookVerifier scheme(String scheme, String... secrets) {
        return of(new VerifySpec(scheme, List.of(secrets), null, null));
    }

    /** This verifier with another name for the sender, e.g. {@code stripe-eu}, which scopes ids in a {@link WebhookInbox}. */
    public WebhookVerifier named(String source) {
        return new WebhookVerifier(source, spec, clock);
    }

    /** This verifier with how far a signed timestamp may be from now, in either direction. */
    public WebhookVerifier withTolerance(Duration tolerance) {
        return new WebhookVerifier(source, new VerifySpec(spec.scheme(), spec.secrets(), tolerance, spec.hmac()), clock);
    }

    /** This verifier reading the time from {@code clock}. */
    public WebhookVerifier withClock(Clock clock) {
        return new WebhookVerifier(source, spec, clock);
    }

    /**
     * Checks one webhook: its signature over the raw {@code body} bytes, then its timestamp, then that its id is
     * where the provider puts it.
     *
     * @param headers the request's headers, names in any case
     * @param body    the body exactly as received (never re-serialised)
     * @throws WebhookRejectedException when the signature, its timestamp or the webhook's id is wrong or missing
     */
    public VerifiedWebhook verify(Map<String, List<String>> headers, byte[] body) {
        WebhookRequest request = new WebhookRequest(headers, body);
        Instant now = clock.instant();
        if (verifier.verify(request, now) instanceof Verification.Invalid(Verification.Reason reason)) {
            throw WebhookRejectedException.of(source, reason, verifier.rejectionDetail(reason, request, now));
        }
        return switch (DedupeKeys.of(request, verifier, null)) {
            case DedupeKey.Key(String id) -> new VerifiedWebhook(source, id, EventTypes.of(request, verifier, null));
            case DedupeKey.Malformed(DedupeKey.Reason reason, String detail) -> throw WebhookRejectedException.of(source, reason, detail);
        };
    }

    /**
     * The answer to a provider's check of the URL, when this request is one (Slack's {@code url_verification}, sent
     * when a Request URL is saved): verified like an event, then answered {@code 200} with the returned text and
     * stored nowhere. Empty for an event, which goes to {@link #verify}.
     *
     * @throws WebhookRejectedException when the signature or its timestamp is wrong or missing
     */
    public Optional<String> handshake(Map<String, List<String>> headers, byte[] body) {
        WebhookRequest request = new WebhookRequest(headers, body);
        Instant now = clock.instant();
        if (verifier.verify(request, now) instanceof Verification.Invalid(Verification.Reason reason)) {
            throw WebhookRejectedException.of(source, reason, verifier.rejectionDetail(reason, request, now));
        }
        return verifier.handshake(request);
    }

    @Override
    public String toString() {
        return "WebhookVerifier[" + source + ", " + verifier + "]";
    }
}
