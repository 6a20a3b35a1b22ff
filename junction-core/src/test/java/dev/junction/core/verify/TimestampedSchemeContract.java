package dev.junction.core.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.config.VerifySpec;
import dev.junction.core.verify.Verification.Reason;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The extra rules for schemes that sign a timestamp: the default 5-minute tolerance, both directions. */
abstract class TimestampedSchemeContract extends SchemeContract {

    @Test
    void sixMinutesInThePastIsStale() {
        var headers = signedHeaders(secret(), NOW.minus(Duration.ofMinutes(6)), BODY);
        assertThat(verify(verifier(secret()), headers, BODY)).isEqualTo(Verification.invalid(Reason.STALE_TIMESTAMP));
    }

    @Test
    void sixMinutesInTheFutureIsStale() {
        var headers = signedHeaders(secret(), NOW.plus(Duration.ofMinutes(6)), BODY);
        assertThat(verify(verifier(secret()), headers, BODY)).isEqualTo(Verification.invalid(Reason.STALE_TIMESTAMP));
    }

    @Test
    void fourMinutesEitherWayIsValid() {
        assertThat(verify(verifier(secret()), signedHeaders(secret(), NOW.minus(Duration.ofMinutes(4)), BODY), BODY))
                .isEqualTo(Verification.VALID);
        assertThat(verify(verifier(secret()), signedHeaders(secret(), NOW.plus(Duration.ofMinutes(4)), BODY), BODY))
                .isEqualTo(Verification.VALID);
    }

    @Test
    void exactlyTheToleranceIsStillValid() {
        assertThat(verify(verifier(secret()), signedHeaders(secret(), NOW.minus(VerifySpec.DEFAULT_TOLERANCE), BODY), BODY))
                .isEqualTo(Verification.VALID);
    }

    @Test
    void configuredToleranceIsUsed() {
        Verifier lenient = SignatureSchemes.create(
                new VerifySpec(scheme(), List.of(secret()), Duration.ofMinutes(10), hmacOptions()));
        assertThat(verify(lenient, signedHeaders(secret(), NOW.minus(Duration.ofMinutes(6)), BODY), BODY).isValid()).isTrue();
    }

    /** The signature is checked before the timestamp, so a forgery never learns that its timestamp was off. */
    @Test
    void staleForgeryIsBadSignatureNotStale() {
        var forged = signedHeaders(otherSecret(), NOW.minus(Duration.ofHours(1)), BODY);
        assertThat(verify(verifier(secret()), forged, BODY)).isEqualTo(Verification.invalid(Reason.BAD_SIGNATURE));
    }
}
