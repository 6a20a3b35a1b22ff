package dev.junction.core.verify;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Signs a message the Standard Webhooks way, for Junction's own outbound deliveries. */
public final class StandardWebhooksSigner {

    private StandardWebhooksSigner() {}

    /**
     * The {@code webhook-signature} header value, {@code v1,<base64>}, for a message sent with headers
     * {@code webhook-id: msgId} and {@code webhook-timestamp: timestampSeconds}.
     *
     * @param secret a {@code whsec_<base64>} secret (the prefix may be omitted)
     * @throws IllegalArgumentException when the secret is not valid base64 (the message omits the secret)
     */
    public static String sign(String secret, String msgId, long timestampSeconds, byte[] body) {
        byte[] key = StandardWebhooksScheme.decodeSecret(secret, "standard-webhooks secret");
        byte[] prefix = (msgId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8);
        return "v1," + Base64.getEncoder().encodeToString(Hmac.compute(Hmac.SHA256, key, prefix, body));
    }
}
