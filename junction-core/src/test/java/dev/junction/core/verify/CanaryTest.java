package dev.junction.core.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.net.Webhook;
import dev.junction.core.config.DedupeSpec;
import dev.junction.core.config.EventTypeSpec;
import dev.junction.core.config.SourceSpec;
import dev.junction.core.config.SyntheticSpec;
import dev.junction.core.config.VerifySpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** A canary passes its source's own door: its verifier accepts it, and its dedupe key and type are the canary's. */
class CanaryTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final SyntheticSpec PROBE = new SyntheticSpec("canary", "src", Duration.ofMinutes(5), Duration.ofSeconds(30),
            "{\"data\":{\"note\":\"kept\"}}", "charge.succeeded");

    static Stream<VerifySpec> schemes() {
        return Stream.of(
                new VerifySpec("stripe", List.of("whsec_stripe_secret"), null, null),
                new VerifySpec("slack", List.of("slack-signing-secret"), null, null),
                new VerifySpec("standard-webhooks", List.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), null, null),
                new VerifySpec("github", List.of("gh-secret"), null, null),
                new VerifySpec("shopify", List.of("shopify-secret"), null, null),
                new VerifySpec("hmac", List.of("hmac-secret"), null,
                        new VerifySpec.HmacOptions("X-Signature", "HmacSHA512", "base64", "v1=", "X-Timestamp", "{timestamp}:{body}")),
                new VerifySpec("hmac", List.of("hmac-secret"), null, new VerifySpec.HmacOptions("X-Sig", null, null, null, null, null)),
                new VerifySpec("none", List.of(), null, null));
    }

    @ParameterizedTest
    @MethodSource("schemes")
    void theSourcesVerifierAcceptsTheCanaryAndReadsItsIdAndType(VerifySpec verify) {
        SourceSpec source = new SourceSpec("src", verify, DedupeSpec.DEFAULT, SourceSpec.DEFAULT_MAX_BODY_BYTES);
        Verifier verifier = SignatureSchemes.create(verify);
        Canary first = Canary.of(PROBE, source, "syn_1", NOW);
        Canary second = Canary.of(PROBE, source, "syn_2", NOW);
        WebhookRequest request = request(first);

        assertThat(verifier.verify(request, NOW)).isEqualTo(Verification.VALID);
        DedupeKey key = DedupeKeys.of(request, verifier, source.dedupe());
        assertThat(key).isInstanceOf(DedupeKey.Key.class);
        assertThat(key).as("each canary is a new event").isNotEqualTo(DedupeKeys.of(request(second), verifier, source.dedupe()));
        if (!List.of("hmac", "none").contains(verify.scheme())) {
            assertThat(key).isEqualTo(new DedupeKey.Key("syn_1"));
        }
        if (!List.of("hmac", "none", "standard-webhooks").contains(verify.scheme())) {
            assertThat(EventTypes.of(request, verifier, source.eventType())).contains("charge.succeeded");
        }
        String body = new String(first.body(), StandardCharsets.UTF_8);
        assertThat(body).contains("\"junction_synthetic\":{\"probe\":\"canary\",\"id\":\"syn_1\"").contains("\"note\":\"kept\"");
        assertThat(first.headers()).containsEntry("Junction-Synthetic", "canary");
    }

    @Test
    void theSourcesOwnDedupeAndTypePlacesAreFilledIn() {
        VerifySpec verify = new VerifySpec("hmac", List.of("s"), null, new VerifySpec.HmacOptions("X-Sig", null, null, null, null, null));
        SourceSpec source = new SourceSpec("src", verify, new DedupeSpec(null, "/data/event_id"), SourceSpec.DEFAULT_MAX_BODY_BYTES, 0,
                new EventTypeSpec("X-Event", null));
        Canary canary = Canary.of(PROBE, source, "syn_7", NOW);
        Verifier verifier = SignatureSchemes.create(verify);
        assertThat(DedupeKeys.of(request(canary), verifier, source.dedupe())).isEqualTo(new DedupeKey.Key("syn_7"));
        assertThat(EventTypes.of(request(canary), verifier, source.eventType())).contains("charge.succeeded");
    }

    @Test
    void stripesOwnLibraryAcceptsTheCanary() throws Exception {
        SourceSpec source = new SourceSpec("src", new VerifySpec("stripe", List.of("whsec_stripe_secret"), null, null),
                DedupeSpec.DEFAULT, SourceSpec.DEFAULT_MAX_BODY_BYTES);
        Canary canary = Canary.of(PROBE, source, "evt_syn_1", Instant.now());
        var event = Webhook.constructEvent(new String(canary.body(), StandardCharsets.UTF_8),
                canary.headers().get("Stripe-Signature"), "whsec_stripe_secret");
        assertThat(event.getId()).isEqualTo("evt_syn_1");
        assertThat(event.getType()).isEqualTo("charge.succeeded");
    }

    @Test
    void aPolledSourceHasNoDoor() {
        SourceSpec polled = SourceSpec.polled("p", new dev.junction.core.config.PollSpec("https://api.example/items", Duration.ofMinutes(1),
                null, null, "/data", "/id", null, null, null, 0, null));
        assertThatThrownBy(() -> Canary.of(PROBE, polled, "x", NOW)).hasMessageContaining("polled");
    }

    private static WebhookRequest request(Canary canary) {
        Map<String, String> headers = new HashMap<>(canary.headers());
        headers.put("Content-Type", Canary.CONTENT_TYPE);
        return WebhookRequest.of(headers, canary.body());
    }
}
