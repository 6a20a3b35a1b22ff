package dev.junction.core.verify;

import java.nio.charset.StandardCharsets;

/** Signs a payload the way Stripe does, for the demo's simulated Stripe and for tests. */
public final class StripeSigner {

    private StripeSigner() {}

    /**
     * The {@code Stripe-Signature} header value, {@code t=<timestampSeconds>,v1=<hex>}.
     *
     * @param secret the endpoint's {@code whsec_...} secret, used verbatim as the key (as Stripe does)
     */
    public static String header(String secret, long timestampSeconds, byte[] body) {
        if (secret == null || secret.isEmpty()) throw new IllegalArgumentException("stripe secret is empty");
        byte[] key = secret.getBytes(StandardCharsets.UTF_8);
        byte[] prefix = (timestampSeconds + ".").getBytes(StandardCharsets.UTF_8);
        return "t=" + timestampSeconds + ",v1=" + Hmac.hex(Hmac.compute(Hmac.SHA256, key, prefix, body));
    }
}
