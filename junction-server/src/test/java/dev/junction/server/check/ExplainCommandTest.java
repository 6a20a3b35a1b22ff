package dev.junction.server.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.server.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code junction explain}: each integration in plain words, its retry timeline, its diagram and its checklist. */
class ExplainCommandTest {

    @TempDir Path dir;

    private CliRun explain(String yaml, String... integration) throws Exception {
        Path file = dir.resolve("junction.yaml");
        Files.writeString(file, yaml);
        String[] args = new String[3 + integration.length];
        args[0] = "explain";
        args[1] = "--config";
        args[2] = file.toString();
        System.arraycopy(integration, 0, args, 3, integration.length);
        return CliRun.run(args);
    }

    @Test
    void aDestinationsPageHasItsGuaranteeFailuresTimelineGuardsDeadLettersDiagramAndChecklist() throws Exception {
        CliRun run = explain(Checked.PASSING.replace("max-attempts: 8", "max-attempts: 4"), "billing");

        assertThat(run.exit()).as(run.err()).isZero();
        String page = run.out();
        assertThat(page).startsWith("## billing (http)\n");
        assertThat(page).contains("- **Guarantee:** at-least-once: no event is lost, but one may arrive more than once");
        assertThat(page).contains("Routes into it: stripe (route 0, slo 1m), crm (route 1, slo 5m), rentals (route 2, slo 10m).");
        assertThat(page).contains("| transient | 408, 425, 429, 5xx, no answer within 10s, connection and DNS errors |");
        assertThat(page).contains("| permanent | any other 4xx, and 3xx");
        assertThat(page).contains("| partial | still failing after 4 attempts, or past the 3d deadline | a dead letter, kept for review and replay |");
        // 10 s timeout, waits of up to 1 s, 2 s, 4 s: the starts are 0, 11, 23, 37 s; dead at 47 s.
        assertThat(page).contains("| 1 | - | t+0s |\n| 2 | 1s | t+11s |\n| 3 | 2s | t+23s |\n| 4 | 4s | t+37s |\n");
        assertThat(page).contains("Dead at the latest t+47s after the first attempt, after 4 attempts.");
        assertThat(page).contains("- **Breaker:** opens when 50% of the last 100 attempts failed (once 50 were made), stays open 30s");
        assertThat(page).contains("- **Bulkhead:** at most 16 deliveries in flight to it at once, per node; no rate limit.");
        assertThat(page).contains("`GET /api/v1/dead-letters?destination=billing`", "`POST /api/v1/destinations/billing/dead-letters/replay`",
                "raises an alert to alerts.example.com");
        assertThat(page).contains("```mermaid\nflowchart LR\n", "-. \"dead\" .-> dlq[(\"dead letters\")]");
        assertThat(page).contains("- **pass** retry: 4 attempts, dead after at most 47s");
    }

    @Test
    void aConfigWithASyncIsExplainedAndCheckedWithoutItsInternalStep() throws Exception {
        String yaml = dev.junction.server.config.SyncConfigTest.documented();
        Path file = dir.resolve("junction.yaml");
        Files.writeString(file, yaml);
        java.util.Map<String, String> env = dev.junction.server.config.SyncConfigTest.env(yaml);
        // Before: a NullPointerException in the diagram (the sync's step has no kind), and a failed https item for it.
        dev.junction.server.config.WrittenConfig written = dev.junction.server.config.WrittenConfig.load(file, env);
        Audit audit = Audit.of(written);

        String page = audit.pages().all();
        assertThat(page).contains("## a-hooks (webhook)", "its events go to sync:contacts (route 0)", "sync:contacts<br/>two-way sync step");
        assertThat(page).doesNotContain("## sync:contacts");
        assertThat(audit.findings()).noneMatch(f -> f.integration().startsWith("sync:"));
    }

    @Test
    void aBrokerDestinationsRefusalsAreRetriedAsTheEngineDoesAndNatsOnlyDropsAnOversizedMessage() throws Exception {
        // Before: "the broker refuses the message | not retried: dead at once", while AmqpErrors and NatsSender retry them.
        String amqp = explain(Checked.PASSING, "queue").out();
        assertThat(amqp).contains("| transient | no confirm within 5s, the connection lost; the broker refusing the message (no queue bound: unroutable,",
                "a refused login) | retried with exponential backoff and full jitter (the schedule below) |");
        assertThat(amqp).doesNotContain("| permanent |", "dead at once", "Retry-After");

        String nats = explain(Checked.PASSING.replace("url: \"amqps://junction:${RABBITMQ_PASSWORD}@rabbit.internal:5671/prod\"\n    routing-key: orders.paid",
                "url: \"nats://nats.internal:4222\"\n    subject: orders.paid"), "queue").out();
        assertThat(nats).contains("| transient | no PubAck within 5s, the connection lost; JetStream refusing the message (no stream captures the subject",
                "| permanent | a message over the server's max_payload | not retried: dead at once |");
        assertThat(nats).doesNotContain("Retry-After");
        assertThat(explain(Checked.PASSING, "billing").out()).contains("a Retry-After is honoured up to 1h");
    }

    @Test
    void withoutAlertsThePageSaysNoOneIsTold() throws Exception {
        String page = explain(Checked.PASSING.replace("alerts: { url: \"https://alerts.example.com/hooks\" }\n", ""), "queue").out();

        assertThat(page).contains("**No one is alerted:**", "log only: no alerts configured", "- **fail** dead-letters-alerted");
    }

    @Test
    void everyIntegrationGetsAPageWhenNoneIsNamed() throws Exception {
        CliRun run = explain(Checked.PASSING);

        assertThat(run.out()).contains("## stripe (webhook)", "## crm (poll)", "## rentals (ical)", "## billing (http)", "## queue (amqp)",
                "## outbound (outbound)");
        assertThat(run.out()).contains("- **Type:** push in: the provider calls Junction", "- **Type:** pull: Junction asks the provider",
                "- **Guarantee:** effectively-once");
        assertThat(run.out()).contains("| partial | a poll that finds a feed empty where it had bookings, or that loses more than 50% (and more "
                + "than 2) of its bookings at once");
    }

    @Test
    void anUnknownIntegrationIsOneLineNamingTheKnownOnes() throws Exception {
        CliRun run = explain(Checked.PASSING, "billingg");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("no integration named 'billingg'", "known: stripe, crm, rentals, billing, queue, outbound");
    }

    @Test
    void withSvgEachDiagramIsWrittenAsAnSvgOfItsFlow() throws Exception {
        Path out = dir.resolve("diagrams");
        CliRun run = explain(Checked.PASSING, "billing", "--svg", out.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        Path file = out.resolve("billing-http.svg");
        assertThat(run.err()).contains("junction: wrote " + file);
        org.w3c.dom.Document svg = javax.xml.parsers.DocumentBuilderFactory.newNSInstance().newDocumentBuilder().parse(file.toFile());
        assertThat(svg.getDocumentElement().getNamespaceURI()).isEqualTo("http://www.w3.org/2000/svg");
        // stripe, crm, rentals -> the log -> billing -> dead letters -> alerts
        assertThat(svg.getElementsByTagName("rect").getLength()).isEqualTo(7);
        assertThat(svg.getElementsByTagName("line").getLength()).isEqualTo(3 + 1 + 1 + 1);
        String text = svg.getDocumentElement().getTextContent();
        assertThat(text).contains("stripe", "webhook, stripe", "Junction log", "billing", "http, 8 attempts", "dead letters", "alerts.example.com");
    }

    @Test
    void aStripeSourcesPageSaysWhatEachPaymentEventMeansAndWhetherARouteTakesIt() throws Exception {
        String page = explain(Checked.PASSING.replace("    to: [billing]\n    slo: 1m", "    to: [billing]\n    when: { type: \"payment_intent.*\" }\n    slo: 1m"),
                "stripe").out();

        assertThat(page).contains("### Payment events",
                "| `payment_intent.payment_failed` | a payment failed: tell the customer, do not fulfil | yes |",
                "| `charge.dispute.created` | a chargeback was opened: evidence is due by a deadline, and the amount is held | **no** |",
                "- **warn** payment-events: no route takes invoice.paid");
    }

    @Test
    void aWebhookSourcesPageNamesItsSyntheticProbeOrSaysThereIsNone() throws Exception {
        assertThat(explain(Checked.PASSING, "stripe").out()).contains("- **Synthetic probe:** `stripe-canary` sends a canary (type "
                + "payment_intent.succeeded) through /in/stripe every 5m and alerts when it has not reached every destination within 30s.",
                "- **pass** synthetic-probe: stripe-canary sends a canary every 5m");
        String without = Checked.PASSING.substring(0, Checked.PASSING.indexOf("synthetics:"));
        assertThat(explain(without, "stripe").out()).contains("- **Synthetic probe:** none: a quiet source looks the same as a broken one",
                "- **warn** synthetic-probe: no synthetic probe sends a canary through stripe");
    }
}
