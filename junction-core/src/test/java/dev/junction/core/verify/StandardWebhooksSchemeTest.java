package dev.junction.core.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.standardwebhooks.Webhook;
import dev.junction.core.verify.Verification.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StandardWebhooksSchemeTest extends TimestampedSchemeContract {

    /** The example secret from the Standard Webhooks reference implementations. */
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String OTHER = "whsec_" + TestCrypto.base64(TestCrypto.utf8("another key, 32 bytes long......"));
    private static final String MSG_ID = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W";
    private static final String PAYLOAD = new String(BODY, StandardCharsets.UTF_8);

    @Override String scheme() { return "standard-webhooks"; }
    @Override String secret() { return SECRET; }
    @Override String otherSecret() { return OTHER; }
    @Override String signatureHeader() { return "webhook-signature"; }
    @Override String garbageSignature() { return "v1,@@@not-base64@@@"; }

    /** Signed by the Standard Webhooks reference SDK. */
    @Override
    Map<String, String> signedHeaders(String secret, Instant signedAt, byte[] body) {
        try {
            long t = signedAt.getEpochSecond();
            String signature = new Webhook(secret).sign(MSG_ID, t, new String(body, StandardCharsets.UTF_8));
            return Map.of("webhook-id", MSG_ID, "webhook-timestamp", Long.toString(t), "webhook-signature", signature);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void signerMatchesTheReferenceSdkExactly() throws Exception {
        long t = NOW.getEpochSecond();
        assertThat(StandardWebhooksSigner.sign(SECRET, MSG_ID, t, BODY)).isEqualTo(new Webhook(SECRET).sign(MSG_ID, t, PAYLOAD));
    }

    /** The SDK checks against the system clock (no clock can be injected), so this one signs "now". */
    @Test
    void signerOutputIsAcceptedByTheReferenceSdk() {
        long t = Instant.now().getEpochSecond();
        String signature = StandardWebhooksSigner.sign(SECRET, MSG_ID, t, BODY);
        Map<String, List<String>> headers = Map.of(
                "webhook-id", List.of(MSG_ID),
                "webhook-timestamp", List.of(Long.toString(t)),
                "webhook-signature", List.of(signature));
        assertThatCode(() -> new Webhook(SECRET).verify(PAYLOAD, headers)).doesNotThrowAnyException();
    }

    @Test
    void secretWithoutPrefixIsAccepted() {
        String bare = SECRET.substring("whsec_".length());
        assertThat(verify(verifier(bare), signedHeaders(SECRET, NOW, BODY), BODY)).isEqualTo(Verification.VALID);
        assertThat(StandardWebhooksSigner.sign(bare, MSG_ID, 1, BODY)).isEqualTo(StandardWebhooksSigner.sign(SECRET, MSG_ID, 1, BODY));
    }

    @Test
    void anyV1EntryOfTheListMaySatisfyAndOtherVersionsAreIgnored() {
        var signed = signedHeaders(SECRET, NOW, BODY);
        String list = "v1a,c29tZSBhc3ltbWV0cmljIHNpZw== v1," + TestCrypto.base64(new byte[32]) + " "
                + signed.get("webhook-signature");
        assertThat(verify(verifier(SECRET), with(signed, "webhook-signature", list), BODY)).isEqualTo(Verification.VALID);
    }

    @Test
    void anUnusableV1EntryBesideTheRightOneDoesNotRefuseWhatTheReferenceSdkAccepts() {
        var signed = signedHeaders(SECRET, Instant.now(), BODY);
        for (String other : List.of("v1,AAAA", "v1,@@@not-base64@@@", "v1,")) {
            String list = signed.get("webhook-signature") + " " + other;
            Map<String, List<String>> sdkHeaders = Map.of("webhook-id", List.of(MSG_ID),
                    "webhook-timestamp", List.of(signed.get("webhook-timestamp")), "webhook-signature", List.of(list));
            assertThatCode(() -> new Webhook(SECRET).verify(PAYLOAD, sdkHeaders)).as(other).doesNotThrowAnyException();
            assertThat(verifier(SECRET).verify(WebhookRequest.of(with(signed, "webhook-signature", list), BODY), Instant.now())).as(other)
                    .isEqualTo(Verification.VALID);
        }
        // Nothing usable at all is still malformed, not merely wrong.
        assertThat(verify(verifier(SECRET), with(signed, "webhook-signature", "v1,AAAA v1,@@@"), BODY))
                .isEqualTo(Verification.invalid(Reason.MALFORMED_SIGNATURE));
    }

    @Test
    void listWithoutV1EntriesIsMalformed() {
        var headers = with(signedHeaders(SECRET, NOW, BODY), "webhook-signature", "v2,abc v1a,def");
        assertThat(verify(verifier(SECRET), headers, BODY)).isEqualTo(Verification.invalid(Reason.MALFORMED_SIGNATURE));
    }

    @Test
    void missingIdOrTimestampIsMissingSignature() {
        var signed = signedHeaders(SECRET, NOW, BODY);
        assertThat(verify(verifier(SECRET), without(signed, "webhook-id"), BODY))
                .isEqualTo(Verification.invalid(Reason.MISSING_SIGNATURE));
        assertThat(verify(verifier(SECRET), without(signed, "webhook-timestamp"), BODY))
                .isEqualTo(Verification.invalid(Reason.MISSING_SIGNATURE));
    }

    @Test
    void nonNumericTimestampIsMalformed() {
        var headers = with(signedHeaders(SECRET, NOW, BODY), "webhook-timestamp", "2025-06-01T12:00:00Z");
        assertThat(verify(verifier(SECRET), headers, BODY)).isEqualTo(Verification.invalid(Reason.MALFORMED_SIGNATURE));
    }

    @Test
    void changedMessageIdIsBadSignature() {
        var headers = with(signedHeaders(SECRET, NOW, BODY), "webhook-id", "msg_other");
        assertThat(verify(verifier(SECRET), headers, BODY)).isEqualTo(Verification.invalid(Reason.BAD_SIGNATURE));
    }

    @Test
    void dedupeKeyIsTheMessageId() {
        assertThat(verifier(SECRET).dedupeKey(WebhookRequest.of(signedHeaders(SECRET, NOW, BODY), BODY))).contains(new DedupeKey.Key(MSG_ID));
    }

    @Test
    void signerRejectsSecretThatIsNotBase64() {
        assertThatThrownBy(() -> StandardWebhooksSigner.sign("whsec_!!!", MSG_ID, 1, BODY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("base64")
                .hasMessageNotContaining("!!!");
    }
}
