package dev.junction.core.verify;

import dev.junction.core.verify.Verification.Reason;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * GitHub: {@code X-Hub-Signature-256: sha256=<hex>}, the HMAC-SHA256 of the body. GitHub signs no
 * timestamp, so there is nothing to check for staleness; dedupe on the delivery id instead. The legacy
 * SHA-1 {@code X-Hub-Signature} header is ignored on purpose.
 */
final class GitHubScheme extends AbstractHmacScheme {

    static final String SIGNATURE_HEADER = "X-Hub-Signature-256";
    static final String DELIVERY_HEADER = "X-GitHub-Delivery";
    static final String EVENT_HEADER = "X-GitHub-Event";
    private static final String PREFIX = "sha256=";

    GitHubScheme(List<String> secrets) {
        // Tolerance is irrelevant without a timestamp.
        super("github", Hmac.SHA256, utf8Keys("github", secrets), Duration.ZERO);
    }

    @Override
    public List<String> signatureHeaders() {
        return List.of(SIGNATURE_HEADER);
    }

    @Override
    Extracted extract(WebhookRequest request) {
        Optional<String> header = header(request, SIGNATURE_HEADER);
        if (header.isEmpty()) return reject(Reason.MISSING_SIGNATURE);
        String value = header.get();
        if (!value.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) return malformed("it does not start with " + PREFIX);
        return Hmac.parseHex(value.substring(PREFIX.length()))
                .<Extracted>map(sig -> new Signed(List.of(sig), new byte[][] {request.body()}, OptionalLong.empty()))
                .orElseGet(() -> malformed("the signature after " + PREFIX + " is not hex"));
    }

    @Override
    public Optional<DedupeKey> dedupeKey(WebhookRequest request) {
        return header(request, DELIVERY_HEADER).map(DedupeKey.Key::new);
    }

    /** The event name, e.g. push or pull_request (the action, such as opened, is only in the body). */
    @Override
    public Optional<String> eventType(WebhookRequest request) {
        return header(request, EVENT_HEADER);
    }
}
