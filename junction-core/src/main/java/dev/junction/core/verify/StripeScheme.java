package dev.junction.core.verify;

import com.fasterxml.jackson.core.JsonPointer;
import dev.junction.core.verify.Verification.Reason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Stripe: {@code Stripe-Signature: t=<unix>,v1=<hex>[,v1=<hex>...][,v0=...]} over {@code t + "." + body}.
 * The key is the whole {@code whsec_...} string's UTF-8 bytes (Stripe does not decode it). Several v1
 * entries appear while the endpoint's secret is being rolled; v0 and unknown entries are ignored.
 */
final class StripeScheme extends AbstractHmacScheme {

    static final String SIGNATURE_HEADER = "Stripe-Signature";
    private static final JsonPointer EVENT_ID = JsonPointer.compile("/id");
    private static final JsonPointer EVENT_TYPE = JsonPointer.compile("/type");

    StripeScheme(List<String> secrets, Duration tolerance) {
        super("stripe", Hmac.SHA256, utf8Keys("stripe", secrets), tolerance);
    }

    @Override
    public List<String> signatureHeaders() {
        return List.of(SIGNATURE_HEADER);
    }

    @Override
    Extracted extract(WebhookRequest request) {
        Optional<String> header = header(request, SIGNATURE_HEADER);
        if (header.isEmpty()) return reject(Reason.MISSING_SIGNATURE);

        String timestamp = null;
        List<byte[]> signatures = new ArrayList<>();
        for (String item : header.get().split(",")) {
            int eq = item.indexOf('=');
            if (eq < 0) continue;
            String key = item.substring(0, eq).trim();
            String value = item.substring(eq + 1).trim();
            if (key.equals("t")) {
                timestamp = value;
            } else if (key.equals("v1")) {
                Optional<byte[]> decoded = Hmac.parseHex(value);
                if (decoded.isEmpty()) return malformed("a v1 signature is not hex (an even number of 0-9 and a-f)");
                signatures.add(decoded.get());
            }
        }
        if (timestamp == null) return malformed("it has no t= timestamp (expected t=<unix seconds>,v1=<hex>)");
        if (signatures.isEmpty()) return malformed("it has no v1= signature (expected t=<unix seconds>,v1=<hex>)");
        OptionalLong seconds = unixSeconds(timestamp);
        if (seconds.isEmpty()) return malformed("its t= timestamp is not unix seconds");
        return new Signed(signatures, new byte[][] {utf8(timestamp + "."), request.body()}, seconds);
    }

    /** Stripe events carry their id in the body, and retries of an event keep it: every event has one. */
    @Override
    public Optional<DedupeKey> dedupeKey(WebhookRequest request) {
        return Optional.of(JsonBodyKey.read(request.body(), EVENT_ID, "Stripe events carry a string id at /id"));
    }

    /** Every Stripe event names its type at /type, e.g. payment_intent.succeeded. */
    @Override
    public Optional<String> eventType(WebhookRequest request) {
        return JsonBodyText.at(request.body(), EVENT_TYPE);
    }
}
