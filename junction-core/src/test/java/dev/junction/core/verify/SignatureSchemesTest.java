package dev.junction.core.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.junction.core.config.VerifySpec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SignatureSchemesTest {

    @Test
    void unknownSchemeListsTheValidNames() {
        assertThatThrownBy(() -> SignatureSchemes.create(new VerifySpec("svix2", List.of("s"), null, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("svix2")
                .hasMessageContaining("stripe, github, slack, shopify, standard-webhooks, hmac, none");
    }

    @Test
    void schemeNameIsCaseInsensitive() {
        assertThat(SignatureSchemes.create(new VerifySpec("Stripe", List.of("whsec_x"), null, null)))
                .isInstanceOf(StripeScheme.class);
    }

    @Test
    void noneAcceptsEverythingAndHasNoDedupeKey() {
        Verifier none = SignatureSchemes.create(new VerifySpec("none", List.of(), null, null));
        WebhookRequest anything = WebhookRequest.of(Map.of("X-Hub-Signature-256", "sha256=bogus"), new byte[] {1, 2});
        assertThat(none.verify(anything, SchemeContract.NOW)).isEqualTo(Verification.VALID);
        assertThat(none.dedupeKey(anything)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"stripe", "github", "slack", "shopify", "standard-webhooks", "hmac"})
    void signingSchemesNeedAtLeastOneSecret(String scheme) {
        var options = new VerifySpec.HmacOptions("X-Sig", null, null, null, null, null);
        assertThatThrownBy(() -> SignatureSchemes.create(new VerifySpec(scheme, List.of(), null, options)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one secret");
    }

    @Test
    void negativeToleranceIsRejected() {
        assertThatThrownBy(() -> SignatureSchemes.create(new VerifySpec("slack", List.of("s"), Duration.ofMinutes(-1), null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tolerance");
    }

    /**
     * Configuration errors end up in start-up logs, so neither the message nor anything in the stack trace
     * (causes included, e.g. the base64 decoder's "Illegal base64 character" naming a character of the
     * secret) may carry the secret.
     */
    @ParameterizedTest
    @ValueSource(strings = {"whsec_Sup3r$ecret!Value", "Sup3r$ecret!Value", "whsec_Sup3rSecretValue%", "whsec_"})
    void badStandardWebhooksSecretNeverAppearsInTheError(String secret) {
        IllegalArgumentException error = catchThrowableOfType(IllegalArgumentException.class, () -> SignatureSchemes.create(
                new VerifySpec("standard-webhooks", List.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", secret), null, null)));
        assertThat(error).hasMessageContaining("standard-webhooks secret #2");
        String secretPart = secret.replace("whsec_", "");
        String trace = stackTrace(error);
        if (!secretPart.isEmpty()) assertThat(trace).doesNotContain(secretPart);
        assertThat(trace).doesNotContain("Illegal base64 character");
    }

    @ParameterizedTest
    @ValueSource(strings = {"stripe", "github", "slack", "shopify", "standard-webhooks", "hmac"})
    void blankSecretIsRejectedWithoutEchoingIt(String scheme) {
        var options = new VerifySpec.HmacOptions("X-Sig", null, null, null, null, null);
        List<String> secrets = new ArrayList<>(List.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "   "));
        assertThatThrownBy(() -> SignatureSchemes.create(new VerifySpec(scheme, secrets, null, options)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("secret #2 is empty")
                .hasMessageNotContaining("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    }

    private static String stackTrace(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
