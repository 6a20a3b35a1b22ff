package dev.junction.core.verify;

import dev.junction.core.verify.Verification.Reason;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Shopify: {@code X-Shopify-Hmac-Sha256: <base64>}, the HMAC-SHA256 of the body keyed with the app's
 * client secret. Shopify signs no timestamp.
 */
final class ShopifyScheme extends AbstractHmacScheme {

    static final String SIGNATURE_HEADER = "X-Shopify-Hmac-Sha256";
    static final String WEBHOOK_ID_HEADER = "X-Shopify-Webhook-Id";
    static final String EVENT_ID_HEADER = "X-Shopify-Event-Id";
    static final String TOPIC_HEADER = "X-Shopify-Topic";

    ShopifyScheme(List<String> secrets) {
        // Tolerance is irrelevant without a timestamp.
        super("shopify", Hmac.SHA256, utf8Keys("shopify", secrets), Duration.ZERO);
    }

    @Override
    public List<String> signatureHeaders() {
        return List.of(SIGNATURE_HEADER);
    }

    @Override
    Extracted extract(WebhookRequest request) {
        Optional<String> header = header(request, SIGNATURE_HEADER);
        if (header.isEmpty()) return reject(Reason.MISSING_SIGNATURE);
        return Hmac.parseBase64(header.get())
                .<Extracted>map(sig -> new Signed(List.of(sig), new byte[][] {request.body()}, OptionalLong.empty()))
                .orElseGet(() -> malformed("the signature is not base64"));
    }

    /** The webhook id is the same across Shopify's retries of one delivery; older payloads lack it. */
    @Override
    public Optional<DedupeKey> dedupeKey(WebhookRequest request) {
        // Shopify's guide to duplicates: the same X-Shopify-Event-Id on more than one webhook is a duplicate, whatever
        // their webhook ids (https://shopify.dev/docs/apps/build/webhooks/ignore-duplicates). Older deliveries without
        // it are told apart by their webhook id.
        return header(request, EVENT_ID_HEADER).or(() -> header(request, WEBHOOK_ID_HEADER)).map(DedupeKey.Key::new);
    }

    /** The topic, e.g. orders/create. */
    @Override
    public Optional<String> eventType(WebhookRequest request) {
        return header(request, TOPIC_HEADER);
    }
}
