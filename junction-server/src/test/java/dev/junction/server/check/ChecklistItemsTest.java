package dev.junction.server.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.core.explain.Checklist;
import dev.junction.core.explain.Rule;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each item of the checklist on a config that passes it and one that does not: the passing config passes every
 * item (exit 0), and each test changes one line and finds that item failing (or warning), pointing at the line.
 */
class ChecklistItemsTest {

    @TempDir Path dir;

    @Test
    void thePassingConfigPassesEveryItemAndExitsZero() {
        Checked checked = Checked.of(dir, Checked.PASSING);

        assertThat(checked.run().exit()).as(checked.run().err()).isZero();
        Set<String> seen = new HashSet<>();
        checked.report().get("findings").forEach(f -> {
            assertThat(f.get("status").asText()).as(f.toString()).isEqualTo("pass");
            seen.add(f.get("rule").asText());
        });
        assertThat(seen).as("every rule is exercised by the passing config")
                .containsExactlyInAnyOrderElementsOf(Checklist.rules().stream().map(Rule::id).toList());
        assertThat(checked.report().get("unsetVariables").toString()).contains("STRIPE_WEBHOOK_SECRET", "RABBITMQ_PASSWORD");
    }

    @Test
    void aVariableNamedInACommentIsNotOneTheFileNeeds() {
        // As junction new writes its header: "Every ${VAR} is read from the environment."
        Checked checked = Checked.of(dir, "# Every ${VAR} is read from the environment.\n" + Checked.PASSING);

        assertThat(checked.run().exit()).as(checked.run().err()).isZero();
        assertThat(checked.report().get("unsetVariables").toString()).contains("STRIPE_WEBHOOK_SECRET").doesNotContain("\"VAR\"");
    }

    @Test
    void aSecretWrittenInTheFileFailsAtItsLine() {
        Checked checked = Checked.with(dir, "secrets: [\"${STRIPE_WEBHOOK_SECRET}\"]", "secrets: [\"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\"]");

        JsonNode fail = checked.one("secret-in-file", "fail");
        assertThat(fail.get("path").asText()).isEqualTo("sources.stripe.verify.secrets[0]");
        assertThat(Checked.at(fail)).isEqualTo("4:41");
        assertThat(checked.run().exit()).isEqualTo(1);
        assertThat(checked.run().out()).doesNotContain("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    }

    @Test
    void aPasswordWrittenInABrokerUrlFails() {
        Checked checked = Checked.with(dir, "junction:${RABBITMQ_PASSWORD}@", "junction:hunter2@");

        assertThat(checked.one("secret-in-file", "fail").get("path").asText()).isEqualTo("destinations.queue.url");
        assertThat(checked.run().out()).doesNotContain("hunter2");
    }

    @Test
    void aFeedTokenOrAnApiKeyWrittenInAUrlsQueryFails() {
        // Before: both passed, though docs/ical.md says a feed's query is a secret to keep in the environment.
        Checked feed = Checked.with(dir, "?s=${AIRBNB_KEY}", "?s=4f9a8b7c6d5e4f3a2b1c");
        Checked poll = Checked.with(dir, "https://api.example.com/v1/contacts", "https://api.example.com/v1/contacts?limit=100&api_key=sk_live_123");

        JsonNode feedFail = feed.one("secret-in-file", "fail");
        assertThat(feedFail.get("path").asText()).isEqualTo("sources.rentals.ical.units.villa-1.airbnb.url");
        assertThat(feedFail.get("detail").asText()).isEqualTo("the feed's query (its token) carries s= written in the file");
        assertThat(feed.run().out()).doesNotContain("4f9a8b7c6d5e4f3a2b1c");
        JsonNode pollFail = poll.one("secret-in-file", "fail");
        assertThat(pollFail.get("path").asText()).isEqualTo("sources.crm.poll.url");
        assertThat(pollFail.get("detail").asText()).isEqualTo("the API's query carries api_key= written in the file");
        assertThat(Checked.with(dir, "https://api.example.com/v1/contacts", "https://api.example.com/v1/contacts?limit=100")
                .of("secret-in-file").stream().map(f -> f.get("status").asText())).containsOnly("pass");
        assertThat(Checked.of(dir, Checked.PASSING).of("secret-in-file").stream().map(f -> f.get("path").asText()))
                .contains("sources.rentals.ical.units.villa-1.airbnb.url");
    }

    @Test
    void anHttpDestinationFailsAndLoopbackOnlyWarns() {
        Checked remote = Checked.with(dir, "https://billing.example.com/hooks", "http://billing.example.com/hooks");
        assertThat(remote.statuses("https", "billing")).containsExactly("fail");
        assertThat(Checked.at(remote.one("https", "fail"))).isEqualTo("23:10");
        assertThat(remote.run().exit()).isEqualTo(1);

        Checked local = Checked.with(dir, "https://billing.example.com/hooks", "http://127.0.0.1:9000/hooks");
        assertThat(local.statuses("https", "billing")).containsExactly("warn");
        assertThat(local.run().exit()).as("warnings alone do not fail the run").isZero();

        assertThat(Checked.with(dir, "amqps://junction:${RABBITMQ_PASSWORD}@rabbit.internal:5671", "amqp://junction:${RABBITMQ_PASSWORD}@rabbit.internal:5672")
                .statuses("https", "queue")).containsExactly("fail");
        assertThat(Checked.with(dir, "url: \"https://api.example.com", "url: \"http://api.example.com").statuses("https", "crm"))
                .containsExactly("fail");
        assertThat(Checked.with(dir, "https://www.airbnb.com", "http://www.airbnb.com").statuses("https", "rentals"))
                .containsExactly("fail");
        assertThat(Checked.with(dir, "https-only: true", "https-only: false").statuses("https", "outbound")).containsExactly("warn");
    }

    @Test
    void anUnverifiedWebhookSourceFails() {
        Checked checked = Checked.with(dir, "verify: { scheme: stripe, secrets: [\"${STRIPE_WEBHOOK_SECRET}\"] }", "verify: { scheme: none }");

        assertThat(checked.statuses("signature", "stripe")).containsExactly("fail");
        assertThat(checked.run().exit()).isEqualTo(1);
    }

    @Test
    void anUnsignedDestinationWarns() {
        Checked checked = Checked.with(dir, "    secret: \"${BILLING_SIGNING_SECRET}\"\n", "");

        assertThat(checked.statuses("signed-deliveries", "billing")).containsExactly("warn");
    }

    @Test
    void aSourceWithoutARateLimitWarns() {
        assertThat(Checked.with(dir, "    rate-limit: 100\n", "").statuses("rate-limit", "stripe")).containsExactly("warn");
        assertThat(Checked.with(dir, "      rate-limit: 5\n", "").statuses("rate-limit", "crm")).containsExactly("warn");
    }

    @Test
    void noRetryAndAsGoodAsUnboundedRetriesFail() {
        Checked none = Checked.with(dir, "max-attempts: 8", "max-attempts: 1");
        assertThat(none.statuses("retry", "billing")).containsExactly("fail");
        assertThat(none.one("retry", "fail").get("path").asText()).isEqualTo("destinations.billing.retry.max-attempts");

        assertThat(Checked.with(dir, "max-attempts: 8", "max-attempts: 100").statuses("retry", "billing")).containsExactly("fail");
    }

    @Test
    void aTimeoutLongerThanTheSloFailsAndARouteWithoutAnSloWarns() {
        Checked tight = Checked.with(dir, "slo: 1m", "slo: 5s");
        assertThat(tight.statuses("timeout-within-slo", "billing")).containsExactly("fail", "pass", "pass");
        assertThat(tight.one("timeout-within-slo", "fail").get("detail").asText()).isEqualTo("timeout 10s is not shorter than route 0's slo 5s");
        assertThat(tight.run().exit()).isEqualTo(1);

        Checked unstated = Checked.with(dir, "    slo: 1m\n", "");
        assertThat(unstated.statuses("timeout-within-slo", "billing")).containsExactly("warn", "pass", "pass");
        assertThat(unstated.one("timeout-within-slo", "warn").get("path").asText()).isEqualTo("routes[0].slo");
    }

    @Test
    void aBreakerTurnedOffWarns() {
        Checked checked = Checked.with(dir, "    timeout: 5s\n", "    timeout: 5s\n    breaker: off\n");

        assertThat(checked.statuses("breaker", "queue")).containsExactly("warn");
    }

    @Test
    void pullsLessOftenThanTenMinutesWarn() {
        assertThat(Checked.with(dir, "      every: 5m\n      auth", "      every: 1h\n      auth").statuses("freshness", "crm"))
                .containsExactly("warn");
        assertThat(Checked.with(dir, "      every: 5m\n      export-token", "      every: 30m\n      export-token").statuses("freshness", "rentals"))
                .containsExactly("warn");
    }

    @Test
    void aSourceThatNamesNoKeyWarns() {
        Checked checked = Checked.with(dir, "verify: { scheme: stripe, secrets: [\"${STRIPE_WEBHOOK_SECRET}\"] }",
                "verify: { scheme: hmac, secrets: [\"${ACME_SECRET}\"], header: X-Signature }");
        assertThat(checked.statuses("dedupe-key", "stripe")).containsExactly("warn");

        Checked keyed = Checked.with(dir, "verify: { scheme: stripe, secrets: [\"${STRIPE_WEBHOOK_SECRET}\"] }",
                "verify: { scheme: hmac, secrets: [\"${ACME_SECRET}\"], header: X-Signature }\n    dedupe: { json-pointer: /id }");
        assertThat(keyed.statuses("dedupe-key", "stripe")).containsExactly("pass");
    }

    @Test
    void outboundWithoutRequiredIdempotencyKeysWarns() {
        assertThat(Checked.with(dir, "require-idempotency-key: true", "require-idempotency-key: false").statuses("idempotency-key", "outbound"))
                .containsExactly("warn");
    }

    @Test
    void noAlertsFailsTheGatewayAndEveryDestinationsDeadLetters() {
        Checked checked = Checked.with(dir, "alerts: { url: \"https://alerts.example.com/hooks\" }\n", "");

        assertThat(checked.statuses("alerts", "")).containsExactly("fail");
        assertThat(checked.statuses("dead-letters-alerted", "billing")).containsExactly("fail");
        assertThat(checked.statuses("dead-letters-alerted", "queue")).containsExactly("fail");
        assertThat(Checked.at(checked.one("alerts", "fail"))).as("a missing top-level key points at the file's start").isEqualTo("1:1");
        assertThat(checked.run().exit()).isEqualTo(1);
    }

    @Test
    void rangesLetThroughTheSsrfGuardWarnAndTheWholeSpaceOrTheMetadataServiceFails() {
        assertThat(Checked.with(dir, "outbound: { https-only: true,", "outbound: { https-only: true,").statuses("ssrf-guard", "outbound"))
                .containsExactly("pass");
        assertThat(Checked.with(dir, "outbound: { https-only: true,", "outbound: { allow-networks: [\"10.20.0.0/16\"], https-only: true,")
                .statuses("ssrf-guard", "outbound")).containsExactly("warn");
        for (String wide : List.of("0.0.0.0/0", "::/0", "169.254.0.0/16")) {
            Checked checked = Checked.with(dir, "outbound: { https-only: true,", "outbound: { allow-networks: [\"" + wide + "\"], https-only: true,");
            assertThat(checked.statuses("ssrf-guard", "outbound")).as(wide).containsExactly("fail");
            assertThat(checked.run().exit()).as(wide).isEqualTo(1);
        }
    }

    @Test
    void outboundWithoutAnOperationalDestinationWarns() {
        assertThat(Checked.with(dir, ", operational: billing }", " }").statuses("dead-letters-alerted", "outbound")).containsExactly("warn");
    }

    @Test
    void aConfigThatDoesNotLoadExitsTwoWithItsLine() {
        Checked checked = Checked.with(dir, "timeout: 10s", "timeout: 10 seconds");

        assertThat(checked.run().exit()).isEqualTo(2);
        assertThat(checked.run().err()).contains("junction.yaml:24:14: destinations.billing.timeout:");
    }

    @Test
    void theTextReportPutsFailuresFirstWithWhyAndFix() {
        List<String> lines = Checked.run(dir, Checked.PASSING.replace("max-attempts: 8", "max-attempts: 1"), "text").out().lines().toList();

        assertThat(lines.get(0)).endsWith("junction.yaml:26:28: FAIL retry [billing]: max-attempts: 1, so no failure is retried");
        assertThat(lines.get(1)).startsWith("    why: Most delivery failures are transient");
        assertThat(lines.get(2)).startsWith("    fix: Set retry: { max-attempts: 8 }");
        assertThat(lines.getLast()).matches("1 failed, 0 warned, \\d+ passed");
    }

    @Test
    void aStripeRouteThatDropsPaymentEventsThatNeedAnAnswerWarns() {
        Checked narrow = Checked.with(dir, "    to: [billing]\n    slo: 1m", "    to: [billing]\n    when: { type: [\"payment_intent.*\", \"customer.subscription.*\"] }\n    slo: 1m");

        assertThat(narrow.statuses("payment-events", "stripe")).containsExactly("warn");
        assertThat(narrow.one("payment-events", "warn").get("detail").asText())
                .isEqualTo("no route takes invoice.paid, invoice.payment_failed, charge.dispute.created, charge.dispute.closed, charge.refunded");

        Checked wide = Checked.with(dir, "    to: [billing]\n    slo: 1m",
                "    to: [billing]\n    when: { type: [\"payment_intent.*\", \"customer.subscription.*\", \"invoice.*\", \"charge.*\"] }\n    slo: 1m");
        assertThat(wide.statuses("payment-events", "stripe")).containsExactly("pass");
    }

    @Test
    void aWebhookSourceWithoutASyntheticProbeWarnsAtTheSource() {
        Checked checked = Checked.with(dir, "synthetics:\n  stripe-canary: { source: stripe, every: 5m, sla: 30s, type: payment_intent.succeeded }\n", "");

        JsonNode warn = checked.one("synthetic-probe", "warn");
        assertThat(warn.get("integration").asText()).isEqualTo("stripe");
        assertThat(warn.get("path").asText()).isEqualTo("sources.stripe");
        assertThat(Checked.at(warn)).isEqualTo("3:3");
        assertThat(checked.run().exit()).as("a warning does not fail the build").isZero();
        assertThat(Checked.of(dir, Checked.PASSING).statuses("synthetic-probe", "stripe")).containsExactly("pass");
    }
}
