package dev.junction.core.verify;

import java.nio.charset.StandardCharsets;

/** Signs a request the way Slack does, for the demo's simulated Slack and for tests. */
public final class SlackSigner {

    private SlackSigner() {}

    /**
     * The {@code X-Slack-Signature} header value, {@code v0=<hex>}, for a request sent with
     * {@code X-Slack-Request-Timestamp: timestampSeconds}.
     *
     * @param secret the app's signing secret, used verbatim as the key
     */
    public static String signature(String secret, long timestampSeconds, byte[] body) {
        if (secret == null || secret.isEmpty()) throw new IllegalArgumentException("slack signing secret is empty");
        byte[] key = secret.getBytes(StandardCharsets.UTF_8);
        byte[] prefix = ("v0:" + timestampSeconds + ":").getBytes(StandardCharsets.UTF_8);
        return "v0=" + Hmac.hex(Hmac.compute(Hmac.SHA256, key, prefix, body));
    }
}
