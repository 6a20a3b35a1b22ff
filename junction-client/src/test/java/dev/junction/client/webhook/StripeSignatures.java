package dev.junction.client.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signs a body as Stripe does: {@code Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">}. */
final class StripeSignatures {

    private StripeSignatures() {}

    static Map<String, List<String>> headers(String secret, Instant at, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signed = at.getEpochSecond() + "." + body;
        String v1 = HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        return Map.of("stripe-signature", List.of("t=" + at.getEpochSecond() + ",v1=" + v1));
    }
}
