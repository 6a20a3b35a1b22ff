package dev.junction.core.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.model.Event;
import com.stripe.net.Webhook;
import dev.junction.core.verify.Verification.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StripeSchemeTest extends TimestampedSchemeContract {

    private static final String SECRET = "whsec_test_5WbX5kEWLlfzsGNjH64I8lOOqUB6e8FH";
    private static final String PAYLOAD = new String(BODY, StandardCharsets.UTF_8);
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @Override String scheme() { return "stripe"; }
    @Override String secret() { return SECRET; }
    @Override String otherSecret() { return "whsec_test_other0000000000000000000000000"; }
    @Override String signatureHeader() { return "Stripe-Signature"; }
    @Override String garbageSignature() { return "garbage"; }

    /** Signed by stripe-java itself. */
    @Override
    Map<String, String> signedHeaders(String secret, Instant signedAt, byte[] body) {
        try {
            String header = Webhook.Signature.generateSignatureHeader(
                    new String(body, StandardCharsets.UTF_8), secret, signedAt.getEpochSecond());
            return Map.of("Stripe-Signature", header, "Content-Type", "application/json");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void headerAssembledFromStripeSdkHmacWithSeveralEntriesVerifies() throws Exception {
        long t = NOW.getEpochSecond();
        String v1 = Webhook.Util.computeHmacSha256(SECRET, t + "." + PAYLOAD);
        // As during a secret roll: an unrelated v1 first, then ours, plus a legacy v0 to be ignored.
        String header = "t=" + t + ",v1=" + "ab".repeat(32) + ",v1=" + v1 + ",v0=" + "cd".repeat(32);
        assertThat(verify(verifier(SECRET), Map.of("Stripe-Signature", header), BODY)).isEqualTo(Verification.VALID);
    }

    @Test
    void stripeSignerMatchesStripeSdkExactly() throws Exception {
        long t = NOW.getEpochSecond();
        assertThat(StripeSigner.header(SECRET, t, BODY))
                .isEqualTo(Webhook.Signature.generateSignatureHeader(PAYLOAD, SECRET, t));
    }

    @Test
    void stripeSignerHeaderIsAcceptedByStripeSdk() throws Exception {
        String header = StripeSigner.header(SECRET, NOW.getEpochSecond(), BODY);
        assertThat(Webhook.Signature.verifyHeader(PAYLOAD, header, SECRET, 300, CLOCK)).isTrue();
        String event = "{\"id\":\"evt_123\",\"object\":\"event\",\"type\":\"invoice.paid\"}";
        Event parsed = Webhook.constructEvent(event,
                StripeSigner.header(SECRET, NOW.getEpochSecond(), event.getBytes(StandardCharsets.UTF_8)), SECRET, 300, CLOCK);
        assertThat(parsed.getId()).isEqualTo("evt_123");
    }

    @Test
    void stripeSignerHeaderVerifiesWithOurScheme() {
        String header = StripeSigner.header(SECRET, NOW.getEpochSecond(), BODY);
        assertThat(verify(verifier(SECRET), Map.of("Stripe-Signature", header), BODY).isValid()).isTrue();
    }

    @Test
    void headerWithoutTimestampIsMalformed() {
        String v1 = StripeSigner.header(SECRET, NOW.getEpochSecond(), BODY).split(",")[1];
        assertThat(verify(verifier(SECRET), Map.of("Stripe-Signature", v1), BODY))
                .isEqualTo(Verification.invalid(Reason.MALFORMED_SIGNATURE));
    }

    @Test
    void headerWithOnlyV0IsMalformed() {
        String header = "t=" + NOW.getEpochSecond() + ",v0=" + "ab".repeat(32);
        assertThat(verify(verifier(SECRET), Map.of("Stripe-Signature", header), BODY))
                .isEqualTo(Verification.invalid(Reason.MALFORMED_SIGNATURE));
    }

    @Test
    void nonNumericTimestampIsMalformed() {
        String header = StripeSigner.header(SECRET, NOW.getEpochSecond(), BODY).replaceFirst("t=\\d+", "t=soon");
        assertThat(verify(verifier(SECRET), Map.of("Stripe-Signature", header), BODY))
                .isEqualTo(Verification.invalid(Reason.MALFORMED_SIGNATURE));
    }

    @Test
    void nonHexV1IsMalformed() {
        String header = "t=" + NOW.getEpochSecond() + ",v1=not-hex";
        assertThat(verify(verifier(SECRET), Map.of("Stripe-Signature", header), BODY))
                .isEqualTo(Verification.invalid(Reason.MALFORMED_SIGNATURE));
    }

    @Test
    void aMalformedHeaderSaysWhichPartCouldNotBeReadQuotingNothing() {
        // Before: "The signature header could not be parsed." for each, which left the sender guessing.
        Verifier verifier = verifier(SECRET);
        Map<String, String> cases = Map.of(
                "t=1,v1=abc", "a v1 signature is not hex (an even number of 0-9 and a-f)",
                "v1=" + "ab".repeat(32), "it has no t= timestamp (expected t=<unix seconds>,v1=<hex>)",
                "t=" + NOW.getEpochSecond() + ",v0=" + "ab".repeat(32), "it has no v1= signature (expected t=<unix seconds>,v1=<hex>)",
                "t=soon,v1=" + "ab".repeat(32), "its t= timestamp is not unix seconds",
                "t=" + NOW.getEpochSecond() + ",v1=abcd", "a signature in it is 2 bytes long, where HMAC-SHA256 gives 32 (64 hex characters)");
        cases.forEach((header, why) -> {
            WebhookRequest request = WebhookRequest.of(Map.of("Stripe-Signature", header), BODY);
            assertThat(verifier.verify(request, NOW)).isEqualTo(Verification.invalid(Reason.MALFORMED_SIGNATURE));
            assertThat(verifier.rejectionDetail(Reason.MALFORMED_SIGNATURE, request, NOW)).as(header)
                    .isEqualTo("The signature header could not be parsed: " + why + ".").doesNotContain("abcd", "soon");
        });
    }

    @Test
    void dedupeKeyIsTheEventId() {
        assertThat(verifier(SECRET).dedupeKey(WebhookRequest.of(Map.of(), BODY))).contains(new DedupeKey.Key("evt_123"));
    }

    @Test
    void anEventWithoutAUsableIdIsMalformedNotKeyedByItsHash() {
        assertThat(verifier(SECRET).dedupeKey(WebhookRequest.of(Map.of(), "not json".getBytes())))
                .contains(new DedupeKey.Malformed(DedupeKey.Reason.NOT_JSON, "the body is not JSON: unexpected input at byte 0"));
        assertThat(verifier(SECRET).dedupeKey(WebhookRequest.of(Map.of(), "{\"id\":{}}".getBytes())))
                .contains(new DedupeKey.Malformed(DedupeKey.Reason.KEY_WRONG_TYPE, "/id is an object; Stripe events carry a string id at /id"));
    }
}
