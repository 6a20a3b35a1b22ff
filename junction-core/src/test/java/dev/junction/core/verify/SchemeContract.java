package dev.junction.core.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.config.VerifySpec;
import dev.junction.core.verify.Verification.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What every signature scheme must do, run once per scheme by its test class. Subclasses sign requests
 * the provider's way (with the provider's SDK where one exists), so passing here means compatibility.
 */
abstract class SchemeContract {

    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    /** Non-ASCII on purpose: signatures must cover the raw UTF-8 bytes. */
    static final byte[] BODY = "{\"id\":\"evt_123\",\"event_id\":\"Ev123\",\"note\":\"Zoë ☃\"}"
            .getBytes(StandardCharsets.UTF_8);

    abstract String scheme();

    abstract String secret();

    abstract String otherSecret();

    /** The headers the provider sends for {@code body}, signed with {@code secret} at {@code signedAt}. */
    abstract Map<String, String> signedHeaders(String secret, Instant signedAt, byte[] body);

    abstract String signatureHeader();

    /** A signature header value that cannot be parsed. */
    abstract String garbageSignature();

    VerifySpec.HmacOptions hmacOptions() {
        return null;
    }

    Verifier verifier(String... secrets) {
        return SignatureSchemes.create(new VerifySpec(scheme(), List.of(secrets), null, hmacOptions()));
    }

    static Verification verify(Verifier verifier, Map<String, String> headers, byte[] body) {
        return verifier.verify(WebhookRequest.of(headers, body), NOW);
    }

    static Map<String, String> with(Map<String, String> headers, String name, String value) {
        Map<String, String> copy = without(headers, name);
        copy.put(name, value);
        return copy;
    }

    static Map<String, String> without(Map<String, String> headers, String name) {
        Map<String, String> copy = new HashMap<>(headers);
        copy.keySet().removeIf(k -> k.equalsIgnoreCase(name));
        return copy;
    }

    @Test
    void validSignaturePasses() {
        assertThat(verify(verifier(secret()), signedHeaders(secret(), NOW, BODY), BODY)).isEqualTo(Verification.VALID);
    }

    @Test
    void headerNamesAreCaseInsensitive() {
        Map<String, String> lower = new HashMap<>();
        signedHeaders(secret(), NOW, BODY).forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
        assertThat(verify(verifier(secret()), lower, BODY).isValid()).isTrue();
    }

    @Test
    void tamperedBodyIsBadSignature() {
        byte[] tampered = BODY.clone();
        tampered[tampered.length - 2] ^= 1;
        assertThat(verify(verifier(secret()), signedHeaders(secret(), NOW, BODY), tampered))
                .isEqualTo(Verification.invalid(Reason.BAD_SIGNATURE));
    }

    @Test
    void wrongSecretIsBadSignature() {
        assertThat(verify(verifier(otherSecret()), signedHeaders(secret(), NOW, BODY), BODY))
                .isEqualTo(Verification.invalid(Reason.BAD_SIGNATURE));
    }

    @Test
    void anyOfSeveralSecretsPassesDuringRotation() {
        assertThat(verify(verifier(otherSecret(), secret()), signedHeaders(secret(), NOW, BODY), BODY).isValid()).isTrue();
        assertThat(verify(verifier(otherSecret(), secret()), signedHeaders(otherSecret(), NOW, BODY), BODY).isValid()).isTrue();
    }

    @Test
    void missingSignatureHeaderIsMissingSignature() {
        Map<String, String> headers = without(signedHeaders(secret(), NOW, BODY), signatureHeader());
        assertThat(verify(verifier(secret()), headers, BODY)).isEqualTo(Verification.invalid(Reason.MISSING_SIGNATURE));
    }

    /** The headers named to a sender whose request lacks one: each is one the scheme cannot verify without. */
    @Test
    void namesEveryHeaderItCannotVerifyWithout() {
        List<String> named = verifier(secret()).signatureHeaders();
        assertThat(named).anyMatch(h -> h.equalsIgnoreCase(signatureHeader()));
        for (String header : named) {
            Map<String, String> headers = without(signedHeaders(secret(), NOW, BODY), header);
            assertThat(verify(verifier(secret()), headers, BODY)).as(header)
                    .isEqualTo(Verification.invalid(Reason.MISSING_SIGNATURE));
        }
    }

    @Test
    void blankSignatureHeaderIsMissingSignature() {
        Map<String, String> headers = with(signedHeaders(secret(), NOW, BODY), signatureHeader(), "  ");
        assertThat(verify(verifier(secret()), headers, BODY)).isEqualTo(Verification.invalid(Reason.MISSING_SIGNATURE));
    }

    @Test
    void garbageSignatureIsMalformed() {
        Map<String, String> headers = with(signedHeaders(secret(), NOW, BODY), signatureHeader(), garbageSignature());
        assertThat(verify(verifier(secret()), headers, BODY)).isEqualTo(Verification.invalid(Reason.MALFORMED_SIGNATURE));
    }

    @Test
    void toStringRevealsNoSecret() {
        assertThat(verifier(secret(), otherSecret()).toString())
                .startsWith(scheme())
                .doesNotContain(secret())
                .doesNotContain(otherSecret());
    }
}
