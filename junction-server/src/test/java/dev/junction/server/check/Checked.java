package dev.junction.server.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.server.cli.CliRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code junction check --format json} run on a config's text, and its findings. */
record Checked(CliRun run, JsonNode report) {

    /** A config that passes every item of the checklist: each test changes one line of it. */
    static final String PASSING = """
            store: { url: "sqlite:./junction-data/junction.db" }
            sources:
              stripe:
                verify: { scheme: stripe, secrets: ["${STRIPE_WEBHOOK_SECRET}"] }
                rate-limit: 100
              crm:
                poll:
                  url: "https://api.example.com/v1/contacts"
                  every: 5m
                  auth: { bearer: "${CRM_TOKEN}" }
                  items: /results
                  id: /id
                  rate-limit: 5
              rentals:
                ical:
                  every: 5m
                  export-token: "${ICAL_EXPORT_TOKEN}"
                  units:
                    villa-1:
                      airbnb: { url: "https://www.airbnb.com/calendar/ical/1418fb94e984.ics?s=${AIRBNB_KEY}" }
            destinations:
              billing:
                url: "https://billing.example.com/hooks"
                timeout: 10s
                secret: "${BILLING_SIGNING_SECRET}"
                retry: { max-attempts: 8 }
              queue:
                url: "amqps://junction:${RABBITMQ_PASSWORD}@rabbit.internal:5671/prod"
                routing-key: orders.paid
                timeout: 5s
            routes:
              - from: stripe
                to: [billing]
                slo: 1m
              - from: crm
                to: [billing, queue]
                slo: 5m
              - from: rentals
                to: [billing]
                slo: 10m
            alerts: { url: "https://alerts.example.com/hooks" }
            outbound: { https-only: true, require-idempotency-key: true, operational: billing }
            synthetics:
              stripe-canary: { source: stripe, every: 5m, sla: 30s, type: payment_intent.succeeded }
            """;

    /** The passing config with {@code from} replaced by {@code to} (which must be there). */
    static Checked with(Path dir, String from, String to) {
        if (!PASSING.contains(from)) throw new IllegalArgumentException("not in the passing config: " + from);
        return of(dir, PASSING.replace(from, to));
    }

    static Checked of(Path dir, String yaml) {
        CliRun run = run(dir, yaml, "json");
        try {
            return new Checked(run, run.out().isBlank() ? null : new ObjectMapper().readTree(run.out()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code junction check --format FORMAT} on {@code yaml} written to {@code dir/junction.yaml}. */
    static CliRun run(Path dir, String yaml, String format) {
        try {
            Path file = dir.resolve("junction.yaml");
            Files.writeString(file, yaml);
            return CliRun.run("check", "--config", file.toString(), "--format", format);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The findings of {@code rule}. */
    List<JsonNode> of(String rule) {
        List<JsonNode> found = new ArrayList<>();
        report.get("findings").forEach(f -> { if (f.get("rule").asText().equals(rule)) found.add(f); });
        return found;
    }

    /** The statuses {@code rule} gave {@code integration}. */
    List<String> statuses(String rule, String integration) {
        return of(rule).stream().filter(f -> f.get("integration").asText().equals(integration)).map(f -> f.get("status").asText()).toList();
    }

    /** The one finding of {@code rule} with {@code status}. */
    JsonNode one(String rule, String status) {
        List<JsonNode> found = of(rule).stream().filter(f -> f.get("status").asText().equals(status)).toList();
        if (found.size() != 1) throw new AssertionError("expected one " + status + " of " + rule + ", got " + found);
        return found.get(0);
    }

    /** Line:column where a finding points. */
    static String at(JsonNode finding) {
        return finding.get("location").get("line").asInt() + ":" + finding.get("location").get("column").asInt();
    }
}
