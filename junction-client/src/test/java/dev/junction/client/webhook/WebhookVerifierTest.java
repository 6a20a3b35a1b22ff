package dev.junction.client.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookVerifierTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String OLD = "whsec_old_secret";
    private static final String NEW = "whsec_new_secret";
    private static final String EVENT = "{\"id\":\"evt_1\",\"type\":\"invoice.paid\",\"data\":{}}";

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aSignedStripeEventGivesItsIdAndType() throws Exception {
        VerifiedWebhook event = WebhookVerifier.stripe(NEW).withClock(CLOCK).verify(StripeSignatures.headers(NEW, NOW, EVENT), utf8(EVENT));
        assertThat(event).isEqualTo(new VerifiedWebhook("stripe", "evt_1", java.util.Optional.of("invoice.paid")));
    }

    @Test
    void duringRotationEitherSecretIsAccepted() throws Exception {
        WebhookVerifier verifier = WebhookVerifier.stripe(NEW, OLD).withClock(CLOCK);
        assertThat(verifier.verify(StripeSignatures.headers(OLD, NOW, EVENT), utf8(EVENT)).id()).isEqualTo("evt_1");
        assertThat(verifier.verify(StripeSignatures.headers(NEW, NOW, EVENT), utf8(EVENT)).id()).isEqualTo("evt_1");
    }

    @Test
    void aTamperedBodyIsABadSignatureWorth401() throws Exception {
        Map<String, List<String>> headers = StripeSignatures.headers(NEW, NOW, EVENT);
        assertThatThrownBy(() -> WebhookVerifier.stripe(NEW).withClock(CLOCK).verify(headers, utf8(EVENT.replace("evt_1", "evt_2"))))
                .isInstanceOfSatisfying(WebhookRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo("bad-signature");
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.getMessage()).doesNotContain(NEW).doesNotContain("evt_2");
                });
    }

    @Test
    void anEventSignedOutsideTheToleranceIsStale() throws Exception {
        Map<String, List<String>> headers = StripeSignatures.headers(NEW, NOW.minus(Duration.ofMinutes(6)), EVENT);
        WebhookVerifier verifier = WebhookVerifier.stripe(NEW).withClock(CLOCK);
        assertThatThrownBy(() -> verifier.verify(headers, utf8(EVENT)))
                .isInstanceOfSatisfying(WebhookRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo("stale-timestamp");
                    // How far off and the tolerance: a drifted clock is told from a replay without a debugger.
                    assertThat(e.getMessage()).isEqualTo("stale-timestamp: stripe: The signed timestamp is 360 s before this"
                            + " server's clock; the tolerance is 300 s either way.");
                });
        assertThat(verifier.withTolerance(Duration.ofMinutes(10)).verify(headers, utf8(EVENT)).id()).isEqualTo("evt_1");
        Map<String, List<String>> ahead = StripeSignatures.headers(NEW, NOW.plus(Duration.ofSeconds(301)), EVENT);
        assertThatThrownBy(() -> verifier.verify(ahead, utf8(EVENT))).hasMessageContaining("is 301 s after this server's clock");
    }

    @Test
    void schemeNoneIsRefusedUnlessAskedForByName() throws Exception {
        // Through of(VerifySpec), as a configuration passes it, none turned verification off without a word.
        assertThatThrownBy(() -> WebhookVerifier.of(new dev.junction.core.config.VerifySpec("none", List.of("whsec_x"), null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scheme none checks no signature");
        VerifiedWebhook anything = WebhookVerifier.unverified().named("local").verify(Map.of(), utf8(EVENT));
        assertThat(anything.source()).isEqualTo("local");
        assertThat(anything.id()).startsWith("sha256:");
    }

    @Test
    void anUnsignedRequestIsMissingItsSignature() {
        assertThatThrownBy(() -> WebhookVerifier.stripe(NEW).withClock(CLOCK).verify(Map.of(), utf8(EVENT)))
                .isInstanceOfSatisfying(WebhookRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo("missing-signature");
                    assertThat(e.getMessage()).contains("no Stripe-Signature header");
                });
    }

    @Test
    void aSignedStripeEventWithoutAnIdIsRefusedWith400() throws Exception {
        String noId = "{\"type\":\"invoice.paid\"}";
        assertThatThrownBy(() -> WebhookVerifier.stripe(NEW).withClock(CLOCK).verify(StripeSignatures.headers(NEW, NOW, noId), utf8(noId)))
                .isInstanceOfSatisfying(WebhookRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo("key-missing");
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.signatureProblem()).isFalse();
                });
    }

    @Test
    void aGitHubDeliveryIsKeyedByItsDeliveryHeader() throws Exception {
        String body = "{\"zen\":\"hi\"}";
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(utf8("gh-secret"), "HmacSHA256"));
        String signature = "sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(utf8(body)));
        VerifiedWebhook delivery = WebhookVerifier.github("gh-secret").verify(Map.of(
                "X-Hub-Signature-256", List.of(signature), "X-GitHub-Delivery", List.of("d-42"), "X-GitHub-Event", List.of("ping")), utf8(body));
        assertThat(delivery.id()).isEqualTo("d-42");
        assertThat(delivery.type()).contains("ping");
    }

    @Test
    void anUnknownSchemeOrEmptySecretFailsAtConstruction() {
        assertThatThrownBy(() -> WebhookVerifier.stripe("")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("secret #1 is empty");
    }

    /** Slack's check of a Request URL: verified, then answered with its challenge; an event is no handshake. */
    @Test
    void slacksUrlVerificationIsAHandshakeAnsweredWithItsChallenge() throws Exception {
        String secret = "8f742231b10e8888abcd99yyyzzz85a5";
        String body = "{\"token\":\"Jhj5dZrVaK7ZwHHjRyZWjbDl\",\"challenge\":\"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P\",\"type\":\"url_verification\"}";
        WebhookVerifier slack = WebhookVerifier.slack(secret).withClock(CLOCK);
        assertThat(slack.handshake(slackHeaders(secret, body), utf8(body))).contains("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");
        String event = "{\"type\":\"event_callback\",\"event_id\":\"Ev1\",\"event\":{\"type\":\"app_mention\"}}";
        assertThat(slack.handshake(slackHeaders(secret, event), utf8(event))).isEmpty();
        assertThatThrownBy(() -> slack.handshake(slackHeaders("another-secret", body), utf8(body))).isInstanceOf(WebhookRejectedException.class);
    }

    private static Map<String, List<String>> slackHeaders(String secret, String body) throws Exception {
        String timestamp = Long.toString(NOW.getEpochSecond());
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(utf8(secret), "HmacSHA256"));
        String signature = "v0=" + java.util.HexFormat.of().formatHex(mac.doFinal(utf8("v0:" + timestamp + ":" + body)));
        return Map.of("X-Slack-Request-Timestamp", List.of(timestamp), "X-Slack-Signature", List.of(signature),
                "Content-Type", List.of("application/json"));
    }
}
