package dev.junction.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.client.webhook.VerifiedWebhook;
import dev.junction.client.webhook.WebhookRejectedException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

/** The starter's refusals of a configuration: which, naming what, and how they are shown when an application starts. */
@ExtendWith(OutputCaptureExtension.class)
class StarterConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ResilientHttpAutoConfiguration.class, WebhookAutoConfiguration.class));

    @Test
    void schemeNoneStopsTheStartUnlessAllowedByName() {
        // It accepted forged webhooks without a word, and asked for a secret it never used.
        runner.withPropertyValues("junction.client.webhooks.stripe.scheme=none", "junction.client.webhooks.stripe.secrets=whsec_x")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .isInstanceOfSatisfying(JunctionConfigurationException.class, e -> {
                            assertThat(e.property()).isEqualTo("junction.client.webhooks.stripe.scheme");
                            assertThat(e.getMessage()).contains("scheme is none, which checks no signature");
                            assertThat(e.action()).contains("junction.client.webhooks.stripe.allow-unverified: true");
                        }));
    }

    @Test
    void schemeNoneAllowedNeedsNoSecretAndIsWarnedOfNamingTheWebhook() {
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(WebhookVerifiers.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged = new ch.qos.logback.core.read.ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        ch.qos.logback.classic.Level level = logger.getLevel();
        logger.setLevel(ch.qos.logback.classic.Level.WARN);   // whatever another test's SpringApplication left the root at
        try {
            runner.withPropertyValues("junction.client.webhooks.partner.scheme=none", "junction.client.webhooks.partner.allow-unverified=true")
                    .run(context -> {
                        VerifiedWebhook unsigned = context.getBean(WebhookVerifiers.class).get("partner").verify(Map.of(), utf8("{}"));
                        assertThat(unsigned.source()).isEqualTo("partner");
                    });
        } finally {
            logger.detachAppender(logged);
            logger.setLevel(level);
        }
        assertThat(logged.list).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(ch.qos.logback.classic.Level.WARN);
            assertThat(event.getFormattedMessage()).startsWith("junction.client.webhooks.partner: scheme none, webhooks are NOT verified");
        });
    }

    @Test
    void theGenericHmacSchemeIsConfiguredByProperties() throws Exception {
        runner.withPropertyValues("junction.client.webhooks.acme.scheme=hmac", "junction.client.webhooks.acme.secrets=acme-secret",
                "junction.client.webhooks.acme.hmac.header=X-Acme-Signature", "junction.client.webhooks.acme.hmac.prefix=sha256=",
                "junction.client.webhooks.acme.hmac.encoding=base64").run(context -> {
            WebhookVerifiers verifiers = context.getBean(WebhookVerifiers.class);
            String body = "{\"n\":1}";
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(utf8("acme-secret"), "HmacSHA256"));
            String signature = "sha256=" + Base64.getEncoder().encodeToString(mac.doFinal(utf8(body)));
            assertThat(verifiers.get("acme").verify(Map.of("X-Acme-Signature", List.of(signature)), utf8(body)).id()).startsWith("sha256:");
            assertThatThrownBy(() -> verifiers.get("acme").verify(Map.of("X-Acme-Signature", List.of("sha256=AAAA")), utf8(body)))
                    .isInstanceOf(WebhookRejectedException.class);
        });
    }

    @Test
    void hmacWithoutItsHeaderStopsTheStartNamingTheEntry() {
        runner.withPropertyValues("junction.client.webhooks.acme.scheme=hmac", "junction.client.webhooks.acme.secrets=acme-secret")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("junction.client.webhooks.acme: scheme hmac needs hmac options (at least a header)"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"junction.client.http.max-atempts=10", "junction.client.outbox.endpiont=http://127.0.0.1:9/events",
            "junction.client.webhooks.stripe.secret=whsec_x", "junction.client.htp.deadline=5s"})
    void aMistypedPropertyStopsTheStartNamingIt(String typo) {
        // Each started before, the setting it was meant for left at its default (or no relay at all) without a word.
        runner.withPropertyValues(typo, "junction.client.webhooks.stripe.scheme=stripe", "junction.client.webhooks.stripe.secrets=whsec_y")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining(typo.substring(0, typo.indexOf('='))));
    }

    @Test
    void correctlySpelledPropertiesAndWebhookEntriesStillBind() {
        runner.withPropertyValues("junction.client.http.max-attempts=4", "junction.client.http.budget.window=20s",
                "junction.client.webhooks.stripe.scheme=stripe", "junction.client.webhooks.stripe.secrets=whsec_a,whsec_b",
                "junction.client.webhooks.stripe-eu.scheme=stripe", "junction.client.webhooks.stripe-eu.secrets[0]=whsec_c",
                "junction.client.outbox.endpoint=http://127.0.0.1:9/events", "junction.client.idempotency.url-patterns=/api/*")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(WebhookVerifiers.class).names()).containsExactlyInAnyOrder("stripe", "stripe-eu");
                    assertThat(context.getBean(JunctionClientProperties.class).getHttp().getMaxAttempts()).isEqualTo(4);
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"junction.client.http.deadline", "junction.client.http.attempt-timeout", "junction.client.outbox.send-timeout",
            "junction.client.outbox.lease"})
    void aTimeoutWithoutItsUnitStopsTheStart(String property) {
        // Spring reads 5 as 5 ms: every call would have timed out at once.
        runner.withPropertyValues(property + "=5").run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                .hasMessage(property + " must be at least 100ms, was 5ms (a number without a unit is milliseconds: write the unit, e.g. 5s)"));
    }

    @Test
    void aToleranceWithoutItsUnitStopsTheStart() {
        runner.withPropertyValues("junction.client.webhooks.stripe.scheme=stripe", "junction.client.webhooks.stripe.secrets=whsec_y",
                "junction.client.webhooks.stripe.tolerance=300").run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                .hasMessageStartingWith("junction.client.webhooks.<name>.tolerance must be at least 1s, was 300ms"));
    }

    @Test
    void aStartThatFailsOnTheStartersConfigurationSaysWhatAndWhereAndWhatToDo(CapturedOutput output) {
        SpringApplication app = new SpringApplication(WebhooksOnly.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        app.setDefaultProperties(Map.of("junction.client.webhooks.stripe.scheme", "none"));
        assertThatThrownBy(app::run).hasRootCauseInstanceOf(JunctionConfigurationException.class);
        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("Description:\n\njunction.client.webhooks.stripe.scheme is none, which checks no signature")
                .contains("Action:\n\nUpdate junction.client.webhooks.stripe.scheme in your configuration: set the provider's scheme and secret");
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(WebhookAutoConfiguration.class)
    static class WebhooksOnly {}

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
