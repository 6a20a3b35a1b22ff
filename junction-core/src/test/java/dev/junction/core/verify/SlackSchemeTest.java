package dev.junction.core.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.app_backend.SlackSignature;
import dev.junction.core.config.VerifySpec;
import dev.junction.core.verify.Verification.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlackSchemeTest extends TimestampedSchemeContract {

    private static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

    @Override String scheme() { return "slack"; }
    @Override String secret() { return SECRET; }
    @Override String otherSecret() { return "0000000000000000000000000000aaaa"; }
    @Override String signatureHeader() { return "X-Slack-Signature"; }
    @Override String garbageSignature() { return "v0=zzzz"; }

    /** Signed by Slack's own SDK. */
    @Override
    Map<String, String> signedHeaders(String secret, Instant signedAt, byte[] body) {
        String timestamp = Long.toString(signedAt.getEpochSecond());
        String signature = new SlackSignature.Generator(secret).generate(timestamp, new String(body, StandardCharsets.UTF_8));
        return Map.of("X-Slack-Signature", signature, "X-Slack-Request-Timestamp", timestamp);
    }

    @Test
    void slackSignerOutputIsAcceptedBySlackSdk() {
        long t = NOW.getEpochSecond();
        String signature = SlackSigner.signature(SECRET, t, BODY);
        var sdk = new SlackSignature.Verifier(new SlackSignature.Generator(SECRET));
        assertThat(sdk.isValid(Long.toString(t), new String(BODY, StandardCharsets.UTF_8), signature, NOW.toEpochMilli()))
                .isTrue();
    }

    @Test
    void slackSignerOutputVerifiesWithOurScheme() {
        long t = NOW.getEpochSecond();
        Map<String, String> headers = Map.of(
                "X-Slack-Signature", SlackSigner.signature(SECRET, t, BODY), "X-Slack-Request-Timestamp", Long.toString(t));
        assertThat(verify(verifier(SECRET), headers, BODY)).isEqualTo(Verification.VALID);
    }

    @Test
    void missingTimestampIsMissingSignature() {
        var headers = without(signedHeaders(SECRET, NOW, BODY), "X-Slack-Request-Timestamp");
        assertThat(verify(verifier(SECRET), headers, BODY)).isEqualTo(Verification.invalid(Reason.MISSING_SIGNATURE));
    }

    @Test
    void nonNumericTimestampIsMalformed() {
        var headers = with(signedHeaders(SECRET, NOW, BODY), "X-Slack-Request-Timestamp", "yesterday");
        assertThat(verify(verifier(SECRET), headers, BODY)).isEqualTo(Verification.invalid(Reason.MALFORMED_SIGNATURE));
    }

    @Test
    void unknownVersionIsMalformed() {
        var signed = signedHeaders(SECRET, NOW, BODY);
        var headers = with(signed, "X-Slack-Signature", signed.get("X-Slack-Signature").replace("v0=", "v1="));
        assertThat(verify(verifier(SECRET), headers, BODY)).isEqualTo(Verification.invalid(Reason.MALFORMED_SIGNATURE));
    }

    @Test
    void dedupeKeyIsTheEventsApiEventId() {
        assertThat(verifier(SECRET).dedupeKey(WebhookRequest.of(Map.of(), BODY))).contains(new DedupeKey.Key("Ev123"));
        assertThat(verifier(SECRET).dedupeKey(WebhookRequest.of(Map.of("Content-Type", "application/json"), "{\"type\":\"event_callback\"}".getBytes())))
                .contains(new DedupeKey.Malformed(DedupeKey.Reason.KEY_MISSING,
                        "/event_id is missing; Slack Events API callbacks carry a string event_id at /event_id"));
    }

    @Test
    void formEncodedPayloadsHaveNoNaturalIdSoTheCallersFallbackApplies() {
        // Slash commands and interactivity payloads: Slack gives them no id that survives its retries.
        byte[] slashCommand = "token=x&team_id=T1&command=%2Fdeploy".getBytes(StandardCharsets.UTF_8);
        assertThat(verifier(SECRET).dedupeKey(WebhookRequest.of(
                Map.of("X-Slack-Retry-Num", "1", "Content-Type", "application/x-www-form-urlencoded; charset=utf-8"), slashCommand))).isEmpty();
    }

    @Test
    void urlVerificationIsAHandshakeAnsweredWithItsChallengeAndNothingElseIs() {
        byte[] verification = "{\"token\":\"t\",\"challenge\":\"c-123\",\"type\":\"url_verification\"}".getBytes(StandardCharsets.UTF_8);
        Map<String, String> json = Map.of("Content-Type", "application/json");
        assertThat(verifier(SECRET).handshake(WebhookRequest.of(json, verification))).contains("c-123");
        assertThat(verifier(SECRET).handshake(WebhookRequest.of(json, BODY))).isEmpty();
        byte[] formWithChallenge = "type=url_verification&challenge=c".getBytes(StandardCharsets.UTF_8);
        assertThat(verifier(SECRET).handshake(WebhookRequest.of(Map.of("Content-Type", "application/x-www-form-urlencoded"), formWithChallenge)))
                .isEmpty();
        assertThat(SignatureSchemes.create(new VerifySpec("github", List.of("s"), null, null))
                .handshake(WebhookRequest.of(json, verification))).isEmpty();
    }
}
