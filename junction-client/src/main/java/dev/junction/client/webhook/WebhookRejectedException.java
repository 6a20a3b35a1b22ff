package dev.junction.client.webhook;

import dev.junction.core.verify.DedupeKey;
import dev.junction.core.verify.Verification;

/**
 * A webhook was refused, and why, in words safe to log and to answer with: never a secret, a signature or the body.
 * Answer a {@link #signatureProblem() signature problem} with 401 and a missing or malformed id with 400, so that a
 * provider retries neither a forgery nor a broken payload as if it were an outage.
 */
public final class WebhookRejectedException extends RuntimeException {

    private final String reason;
    private final boolean signatureProblem;

    private WebhookRejectedException(String reason, String detail, boolean signatureProblem) {
        super(reason + ": " + detail, null, false, false);
        this.reason = reason;
        this.signatureProblem = signatureProblem;
    }

    static WebhookRejectedException of(String source, Verification.Reason reason, String detail) {
        return new WebhookRejectedException(reason.slug(), source + ": " + detail, true);
    }

    static WebhookRejectedException of(String source, DedupeKey.Reason reason, String detail) {
        return new WebhookRejectedException(reason.slug(), source + ": " + detail, false);
    }

    /**
     * The reason's slug, as the gateway names it: {@code missing-signature}, {@code malformed-signature},
     * {@code bad-signature}, {@code stale-timestamp}, or for the webhook's id {@code not-json}, {@code key-missing},
     * {@code key-empty}, {@code key-wrong-type}.
     */
    public String reason() {
        return reason;
    }

    /** True when the signature or its timestamp was refused, false when the payload lacks a usable id. */
    public boolean signatureProblem() {
        return signatureProblem;
    }

    /** The HTTP status to answer: 401 for a signature problem, 400 for a payload without a usable id. */
    public int status() {
        return signatureProblem ? 401 : 400;
    }
}
