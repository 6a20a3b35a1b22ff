package dev.junction.core.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.core.config.VerifySpec;
import dev.junction.core.config.VerifySpec.HmacOptions;
import dev.junction.core.verify.Verification.Reason;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class HmacSchemeTest {

    private static final String SECRET = "generic-secret-1";
    private static final String OTHER = "generic-secret-2";

    /** Shared settings of the generic scheme's variants; each signs independently with javax.crypto. */
    abstract static class Variant extends SchemeContract {
        @Override String scheme() { return "hmac"; }
        @Override String secret() { return SECRET; }
        @Override String otherSecret() { return OTHER; }
        @Override String signatureHeader() { return hmacOptions().header(); }
    }

    @Nested
    class HexWithoutPrefix extends Variant {
        @Override HmacOptions hmacOptions() { return new HmacOptions("X-Signature", null, null, null, null, null); }
        @Override String garbageSignature() { return "xyz"; }

        @Override
        Map<String, String> signedHeaders(String secret, Instant signedAt, byte[] body) {
            return Map.of("X-Signature", TestCrypto.hex(TestCrypto.hmac("HmacSHA256", secret, body)));
        }

        @Test
        void uppercaseHexIsAccepted() {
            String upper = TestCrypto.hex(TestCrypto.hmac("HmacSHA256", SECRET, BODY)).toUpperCase();
            assertThat(verify(verifier(SECRET), Map.of("X-Signature", upper), BODY)).isEqualTo(Verification.VALID);
        }
    }

    @Nested
    class HexWithPrefix extends Variant {
        @Override HmacOptions hmacOptions() { return new HmacOptions("X-Signature", "HmacSHA512", "hex", "sha512=", null, null); }
        @Override String garbageSignature() { return "sha512=zz"; }

        @Override
        Map<String, String> signedHeaders(String secret, Instant signedAt, byte[] body) {
            return Map.of("X-Signature", "sha512=" + TestCrypto.hex(TestCrypto.hmac("HmacSHA512", secret, body)));
        }

        @Test
        void signatureWithoutThePrefixIsMalformed() {
            String bare = TestCrypto.hex(TestCrypto.hmac("HmacSHA512", SECRET, BODY));
            assertThat(verify(verifier(SECRET), Map.of("X-Signature", bare), BODY))
                    .isEqualTo(Verification.invalid(Reason.MALFORMED_SIGNATURE));
        }
    }

    @Nested
    class Base64WithPrefix extends Variant {
        @Override HmacOptions hmacOptions() { return new HmacOptions("X-Sig", "HmacSHA1", "base64", "sha1=", null, null); }
        @Override String garbageSignature() { return "sha1=%%%"; }

        @Override
        Map<String, String> signedHeaders(String secret, Instant signedAt, byte[] body) {
            return Map.of("X-Sig", "sha1=" + TestCrypto.base64(TestCrypto.hmac("HmacSHA1", secret, body)));
        }
    }

    @Nested
    class TimestampTemplate extends TimestampedSchemeContract {
        @Override String scheme() { return "hmac"; }
        @Override String secret() { return SECRET; }
        @Override String otherSecret() { return OTHER; }
        @Override String signatureHeader() { return "X-Signature"; }
        @Override String garbageSignature() { return "sha256=0"; }

        @Override
        HmacOptions hmacOptions() {
            return new HmacOptions("X-Signature", null, "hex", "sha256=", "X-Timestamp", "{timestamp}.{body}");
        }

        @Override
        Map<String, String> signedHeaders(String secret, Instant signedAt, byte[] body) {
            String t = Long.toString(signedAt.getEpochSecond());
            byte[] content = TestCrypto.concat(TestCrypto.utf8(t + "."), body);
            return Map.of("X-Signature", "sha256=" + TestCrypto.hex(TestCrypto.hmac("HmacSHA256", secret, content)),
                    "X-Timestamp", t);
        }

        @Test
        void missingTimestampIsMissingSignature() {
            var headers = without(signedHeaders(SECRET, NOW, BODY), "X-Timestamp");
            assertThat(verify(verifier(SECRET), headers, BODY)).isEqualTo(Verification.invalid(Reason.MISSING_SIGNATURE));
        }

        @Test
        void nonNumericTimestampIsMalformed() {
            var headers = with(signedHeaders(SECRET, NOW, BODY), "X-Timestamp", "-5");
            assertThat(verify(verifier(SECRET), headers, BODY)).isEqualTo(Verification.invalid(Reason.MALFORMED_SIGNATURE));
        }

        @Test
        void timestampIsPartOfTheSignedContent() {
            var signed = signedHeaders(SECRET, NOW, BODY);
            var moved = with(signed, "X-Timestamp", Long.toString(NOW.getEpochSecond() + 1));
            assertThat(verify(verifier(SECRET), moved, BODY)).isEqualTo(Verification.invalid(Reason.BAD_SIGNATURE));
        }
    }

    private static Verifier create(HmacOptions options, String... secrets) {
        return SignatureSchemes.create(new VerifySpec("hmac", List.of(secrets), null, options));
    }

    @Test
    void bodyIsSignedAsRawBytesEvenWhenNotUtf8() {
        byte[] binary = {(byte) 0xff, (byte) 0xfe, 0x00, (byte) 0xc3, 0x28, '{', '}'};
        var options = new HmacOptions("X-Sig", null, "base64", null, "X-Ts", "v1:{timestamp}:{body}");
        String t = Long.toString(SchemeContract.NOW.getEpochSecond());
        byte[] content = TestCrypto.concat(TestCrypto.utf8("v1:" + t + ":"), binary);
        var headers = Map.of("X-Sig", TestCrypto.base64(TestCrypto.hmac("HmacSHA256", SECRET, content)), "X-Ts", t);
        assertThat(create(options, SECRET).verify(WebhookRequest.of(headers, binary), SchemeContract.NOW))
                .isEqualTo(Verification.VALID);
    }

    @Test
    void hasNoNaturalDedupeKey() {
        var options = new HmacOptions("X-Sig", null, null, null, null, null);
        assertThat(create(options, SECRET).dedupeKey(WebhookRequest.of(Map.of("X-Sig", "x"), SchemeContract.BODY))).isEmpty();
    }

    @Test
    void invalidOptionsAreRejectedUpFront() {
        assertThatThrownBy(() -> create(null, SECRET)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hmac options");
        assertThatThrownBy(() -> create(new HmacOptions("X", "HmacMD5", null, null, null, null), SECRET))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HmacSHA256, HmacSHA1, HmacSHA512");
        assertThatThrownBy(() -> create(new HmacOptions("X", null, "base32", null, null, null), SECRET))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hex or base64");
        assertThatThrownBy(() -> create(new HmacOptions("X", null, null, null, "X-Ts", "{timestamp}"), SECRET))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must contain {body}");
        assertThatThrownBy(() -> create(new HmacOptions("X", null, null, null, null, "{timestamp}.{body}"), SECRET))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no timestamp header");
        assertThatThrownBy(() -> create(new HmacOptions("X", null, null, null, "X-Ts", "{body}"), SECRET))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("{timestamp}");
    }

    @Test
    void algorithmNameIsCaseInsensitive() {
        var options = new HmacOptions("X-Sig", "hmacsha512", null, null, null, null);
        var headers = Map.of("X-Sig", TestCrypto.hex(TestCrypto.hmac("HmacSHA512", SECRET, SchemeContract.BODY)));
        assertThat(create(options, SECRET).verify(WebhookRequest.of(headers, SchemeContract.BODY), SchemeContract.NOW))
                .isEqualTo(Verification.VALID);
    }
}
