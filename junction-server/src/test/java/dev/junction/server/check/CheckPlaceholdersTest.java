package dev.junction.server.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.server.cli.CliRun;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code junction check} without production's environment: each unset {@code ${VAR}} gets a placeholder that fits
 * where it is used, and a value the loader still refuses is said to come from the variable.
 */
class CheckPlaceholdersTest {

    @TempDir Path dir;

    @Test
    void aBrokerUrlAPortAndNumbersFromTheEnvironmentLoadWithPlaceholdersThatFitThem() {
        // Before: "'exchange' is a key of amqp destinations ..., not of this http one" (an https placeholder for
        // ${RABBITMQ_URL}), and '"whsec_anVu..." is not a whole number' for the port.
        Checked checked = Checked.of(dir, """
                server: { port: "${PORT}" }
                store: { url: "${DATABASE_URL}" }
                sources:
                  stripe:
                    verify: { scheme: stripe, secrets: ["${STRIPE_WEBHOOK_SECRET}"] }
                    rate-limit: "${RATE_LIMIT}"
                destinations:
                  ledger: { url: "${RABBITMQ_URL}", exchange: "", routing-key: ledger, timeout: "${LEDGER_TIMEOUT}" }
                  audit: { url: "${NATS_SERVER}", subject: audit.payments }
                  api: { url: "https://${API_HOST}:${API_PORT}/in", breaker: { window: 100, minimum-calls: "${CALLS}" } }
                routes:
                  - from: stripe
                    to: [ledger, audit, api]
                """);

        assertThat(checked.run().exit()).as(checked.run().err()).isEqualTo(1);
        assertThat(checked.run().err()).isEmpty();
        assertThat(checked.report().get("unsetVariables").toString()).contains("PORT", "DATABASE_URL", "RABBITMQ_URL", "NATS_SERVER",
                "API_HOST", "API_PORT", "CALLS", "LEDGER_TIMEOUT", "RATE_LIMIT");
        assertThat(checked.statuses("https", "ledger")).containsExactly("pass");
    }

    @Test
    void aConfigFromNewWithItsUrlFromAnyVariablePassesCheck() throws Exception {
        Path file = dir.resolve("junction.yaml");
        CliRun made = CliRun.run("new", "--preset", "stripe", "--url", "${X}", "-o", file.toString());
        assertThat(made.exit()).as(made.err()).isZero();

        CliRun checked = CliRun.run("check", "--config", file.toString());

        assertThat(checked.exit()).as(checked.err()).isZero();
    }

    @Test
    void aValueStillRefusedIsSaidToComeFromItsVariableNotShownAsItsPlaceholder() {
        Checked checked = Checked.of(dir, Checked.PASSING.replace("scheme: stripe", "scheme: \"${STRIPE_SCHEME}\""));

        assertThat(checked.run().exit()).isEqualTo(2);
        assertThat(checked.run().err()).contains("sources.stripe.verify.scheme: unknown scheme \"${STRIPE_SCHEME}\"",
                "(the value comes from ${STRIPE_SCHEME}, not set here: checked with a placeholder; set it to check the real value)");
        assertThat(checked.run().err()).doesNotContain("whsec_", "unset.invalid");
    }

    @Test
    void alertsFromAnUnsetVariableAreSaidToGoWhereItSaysNotToThePlaceholdersHost() {
        // Before: "alerts go to unset.invalid" in the checklist, and the same host in explain's page and diagram.
        Checked checked = Checked.with(dir, "\"https://alerts.example.com/hooks\"", "\"${ALERTS_URL}\"");

        assertThat(checked.of("alerts").getFirst().toString()).contains("alerts go to ${ALERTS_URL}");
        CliRun explained = CliRun.run("explain", "--config", dir.resolve("junction.yaml").toString());
        assertThat(explained.out()).contains("raises an alert to ${ALERTS_URL}").doesNotContain("unset.invalid");
    }
}
