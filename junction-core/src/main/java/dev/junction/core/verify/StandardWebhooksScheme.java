package dev.junction.core.verify;

import dev.junction.core.verify.Verification.Reason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Standard Webhooks (standardwebhooks.com, also Svix's format): headers {@code webhook-id},
 * {@code webhook-timestamp} and {@code webhook-signature}, the latter a space-separated list of
 * {@code v1,<base64>} entries, over {@code id + "." + timestamp + "." + body}. Unlike Stripe, the
 * {@code whsec_} secret is decoded: the key is the base64 after the prefix.
 */
final class StandardWebhooksScheme extends AbstractHmacScheme {

    static final String ID_HEADER = "webhook-id";
    static final String TIMESTAMP_HEADER = "webhook-timestamp";
    static final String SIGNATURE_HEADER = "webhook-signature";
    static final String SECRET_PREFIX = "whsec_";
    private static final int SIGNATURE_BYTES = 32;

    StandardWebhooksScheme(List<String> secrets, Duration tolerance) {
        super("standard-webhooks", Hmac.SHA256, keys(secrets), tolerance);
    }

    @Override
    public List<String> signatureHeaders() {
        return List.of(ID_HEADER, TIMESTAMP_HEADER, SIGNATURE_HEADER);
    }

    @Override
    Extracted extract(WebhookRequest request) {
        Optional<String> id = header(request, ID_HEADER);
        Optional<String> timestamp = header(request, TIMESTAMP_HEADER);
        Optional<String> signature = header(request, SIGNATURE_HEADER);
        if (id.isEmpty() || timestamp.isEmpty() || signature.isEmpty()) return reject(Reason.MISSING_SIGNATURE);
        OptionalLong seconds = unixSeconds(timestamp.get());
        if (seconds.isEmpty()) return malformed("the webhook-timestamp header is not unix seconds");

        List<byte[]> signatures = new ArrayList<>();
        for (String entry : signature.get().split(" ")) {
            // Other versions (e.g. v1a, asymmetric) are skipped, as the spec asks of verifiers that lack them.
            if (!entry.startsWith("v1,")) continue;
            // So is a v1 entry that cannot be an HMAC-SHA256: the reference verifiers try each entry and accept the
            // request when any one matches, so one unusable entry beside the right one must not refuse it.
            Hmac.parseBase64(entry.substring(3)).filter(decoded -> decoded.length == SIGNATURE_BYTES).ifPresent(signatures::add);
        }
        if (signatures.isEmpty()) return malformed("it has no v1, entry holding a base64 HMAC-SHA256 (32 bytes)");
        byte[] prefix = utf8(id.get() + "." + timestamp.get() + ".");
        return new Signed(signatures, new byte[][] {prefix, request.body()}, seconds);
    }

    /** The message id stays the same across the sender's retries, which is what the spec made it for. */
    @Override
    public Optional<DedupeKey> dedupeKey(WebhookRequest request) {
        return header(request, ID_HEADER).map(DedupeKey.Key::new);
    }

    private static List<byte[]> keys(List<String> secrets) {
        List<byte[]> keys = new ArrayList<>(secrets.size());
        for (int i = 0; i < secrets.size(); i++) keys.add(decodeSecret(secrets.get(i), "standard-webhooks secret #" + (i + 1)));
        return keys;
    }

    /**
     * The HMAC key of a {@code whsec_<base64>} secret (the prefix is optional). {@code what} names the
     * secret in the error; the secret itself and the decoder's message (which quotes the offending
     * character) are left out so no part of a secret ends up in a log.
     */
    static byte[] decodeSecret(String secret, String what) {
        if (secret == null || secret.isBlank()) throw new IllegalArgumentException(what + " is empty");
        String encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
        byte[] key = Hmac.parseBase64(encoded.trim()).orElseThrow(() -> new IllegalArgumentException(
                what + " is not valid base64; expected " + SECRET_PREFIX + "<base64>"));
        if (key.length == 0) throw new IllegalArgumentException(what + " has an empty key after " + SECRET_PREFIX);
        return key;
    }
}
