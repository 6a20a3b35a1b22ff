package dev.junction.core.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.verify.Verification.Reason;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShopifySchemeTest extends SchemeContract {

    @Override String scheme() { return "shopify"; }
    @Override String secret() { return "shpss_0123456789abcdef"; }
    @Override String otherSecret() { return "shpss_fedcba9876543210"; }
    @Override String signatureHeader() { return "X-Shopify-Hmac-Sha256"; }
    @Override String garbageSignature() { return "***not base64***"; }

    @Override
    Map<String, String> signedHeaders(String secret, Instant signedAt, byte[] body) {
        return Map.of(
                "X-Shopify-Hmac-Sha256", TestCrypto.base64(TestCrypto.hmac("HmacSHA256", secret, body)),
                "X-Shopify-Webhook-Id", "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
                "X-Shopify-Topic", "orders/create");
    }

    /** The expected value was computed outside Java: {@code openssl dgst -sha256 -hmac <secret> -binary | base64}. */
    @Test
    void fixedPayloadMatchesIndependentlyComputedHmac() {
        byte[] payload = TestCrypto.utf8("{\"id\":820982911946154508,\"email\":\"jon@example.com\",\"note\":\"Zoë\"}");
        String expected = "N0PDBebomKwu2BkVSlj/ZCr1xWqY25R64VnZwGfMoEY=";
        assertThat(TestCrypto.base64(TestCrypto.hmac("HmacSHA256", secret(), payload))).isEqualTo(expected);
        Map<String, String> headers = Map.of("X-Shopify-Hmac-Sha256", expected);

        assertThat(verify(verifier(secret()), headers, payload)).isEqualTo(Verification.VALID);
        byte[] tampered = TestCrypto.utf8("{\"id\":820982911946154509,\"email\":\"jon@example.com\",\"note\":\"Zoë\"}");
        assertThat(verify(verifier(secret()), headers, tampered)).isEqualTo(Verification.invalid(Reason.BAD_SIGNATURE));
    }

    @Test
    void base64OfTheWrongLengthIsMalformed() {
        assertThat(verify(verifier(secret()), Map.of("X-Shopify-Hmac-Sha256", "garbage"), BODY))
                .isEqualTo(Verification.invalid(Reason.MALFORMED_SIGNATURE));
    }

    @Test
    void dedupeKeyIsTheEventIdElseTheWebhookId() {
        // Shopify's guide: the same X-Shopify-Event-Id on two webhooks (two webhook ids) is one event sent twice.
        Verifier verifier = verifier(secret());
        assertThat(verifier.dedupeKey(WebhookRequest.of(
                Map.of("X-Shopify-Webhook-Id", "wh-1", "X-Shopify-Event-Id", "ev-1"), BODY))).contains(new DedupeKey.Key("ev-1"));
        assertThat(verifier.dedupeKey(WebhookRequest.of(
                Map.of("X-Shopify-Webhook-Id", "wh-2", "X-Shopify-Event-Id", "ev-1"), BODY))).contains(new DedupeKey.Key("ev-1"));
        assertThat(verifier.dedupeKey(WebhookRequest.of(Map.of("X-Shopify-Webhook-Id", "wh-1"), BODY))).contains(new DedupeKey.Key("wh-1"));
        assertThat(verifier.dedupeKey(WebhookRequest.of(Map.of(), BODY))).isEmpty();
    }
}
