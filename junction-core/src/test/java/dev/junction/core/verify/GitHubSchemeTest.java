package dev.junction.core.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.verify.Verification.Reason;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GitHubSchemeTest extends SchemeContract {

    @Override String scheme() { return "github"; }
    @Override String secret() { return "gh-webhook-secret-1"; }
    @Override String otherSecret() { return "gh-webhook-secret-2"; }
    @Override String signatureHeader() { return "X-Hub-Signature-256"; }
    @Override String garbageSignature() { return "sha256=this-is-not-hex"; }

    @Override
    Map<String, String> signedHeaders(String secret, Instant signedAt, byte[] body) {
        return Map.of(
                "X-Hub-Signature-256", "sha256=" + TestCrypto.hex(TestCrypto.hmac("HmacSHA256", secret, body)),
                "X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958",
                "X-GitHub-Event", "push");
    }

    /** The test vector from GitHub's "Validating webhook deliveries" documentation. */
    @Test
    void githubDocumentationVectorVerifies() {
        Verifier verifier = verifier("It's a Secret to Everybody");
        Map<String, String> headers = Map.of("X-Hub-Signature-256",
                "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
        assertThat(verify(verifier, headers, TestCrypto.utf8("Hello, World!"))).isEqualTo(Verification.VALID);
        assertThat(verify(verifier, headers, TestCrypto.utf8("Hello, World?")))
                .isEqualTo(Verification.invalid(Reason.BAD_SIGNATURE));
    }

    @Test
    void signatureWithoutSha256PrefixIsMalformed() {
        String hex = TestCrypto.hex(TestCrypto.hmac("HmacSHA256", secret(), BODY));
        assertThat(verify(verifier(secret()), Map.of("X-Hub-Signature-256", hex), BODY))
                .isEqualTo(Verification.invalid(Reason.MALFORMED_SIGNATURE));
    }

    @Test
    void truncatedSignatureIsMalformed() {
        String hex = TestCrypto.hex(TestCrypto.hmac("HmacSHA256", secret(), BODY)).substring(0, 40);
        assertThat(verify(verifier(secret()), Map.of("X-Hub-Signature-256", "sha256=" + hex), BODY))
                .isEqualTo(Verification.invalid(Reason.MALFORMED_SIGNATURE));
    }

    @Test
    void legacySha1HeaderAloneIsMissingSignature() {
        String sha1 = "sha1=" + TestCrypto.hex(TestCrypto.hmac("HmacSHA1", secret(), BODY));
        assertThat(verify(verifier(secret()), Map.of("X-Hub-Signature", sha1), BODY))
                .isEqualTo(Verification.invalid(Reason.MISSING_SIGNATURE));
    }

    @Test
    void dedupeKeyIsTheDeliveryId() {
        WebhookRequest request = WebhookRequest.of(signedHeaders(secret(), NOW, BODY), BODY);
        assertThat(verifier(secret()).dedupeKey(request)).contains(new DedupeKey.Key("72d3162e-cc78-11e3-81ab-4c9367dc0958"));
        assertThat(verifier(secret()).dedupeKey(WebhookRequest.of(Map.of(), BODY))).isEmpty();
    }
}
