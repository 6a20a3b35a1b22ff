package dev.junction.server.synthetic;

import static dev.junction.server.TestGateways.STRIPE_SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.server.Downstream;
import dev.junction.server.Gateway;
import dev.junction.server.TestGateways;
import dev.junction.server.config.ConfigLoader;
import dev.junction.store.SyntheticResult.Outcome;
import dev.junction.store.SyntheticState;
import dev.junction.store.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Synthetic probes on real gateways over sockets: the canary goes in through POST /in/stripe (signed as Stripe signs),
 * is delivered to two real receivers, and is measured end to end; a receiver that is down makes it late, which is
 * counted and alerted to a real webhook; a restart sends nothing before the next run; two nodes on one PostgreSQL
 * store send each run once.
 */
class SyntheticEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration UP = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    private static String yaml(String store, Downstream billing, Downstream crm, Downstream alerts, String sla) {
        return """
                server: { host: 127.0.0.1, port: 0 }
                store: { url: "%s" }
                sources:
                  stripe:
                    verify: { scheme: stripe, secrets: ["${STRIPE_WEBHOOK_SECRET}"] }
                destinations:
                  billing: { url: "%s", timeout: 2s }
                  crm: { url: "%s", timeout: 2s, retry: { max-attempts: 20, initial-delay: 200ms, max-delay: 1s } }
                routes:
                  - from: stripe
                    to: [billing, crm]
                    when: { type: ["charge.*"] }
                alerts: { url: "%s" }
                delivery: { poll-interval: 200ms }
                synthetics:
                  canary: { source: stripe, every: 1m, sla: %s, type: charge.succeeded }
                """.formatted(store, billing.url(), crm.url(), alerts.url(), sla);
    }

    private static Gateway start(String yaml) {
        return TestGateways.start(ConfigLoader.parse(yaml, "synthetics.yaml", Map.of("STRIPE_WEBHOOK_SECRET", STRIPE_SECRET)));
    }

    private static JsonNode probe(Gateway g) throws Exception {
        return JSON.readTree(TestGateways.get(g.port(), "/api/v1/synthetics/canary").body());
    }

    private static String metrics(Gateway g) throws Exception {
        return TestGateways.request(g.port(), "GET", "/metrics", Map.of()).body();
    }

    private static SyntheticState state(Gateway g) {
        return g.pipeline().store().syntheticState("canary").orElseThrow();
    }

    @Test
    void aGatewayWithoutProbesStartsNoClientForThem() throws Exception {
        try (Downstream billing = new Downstream(); Downstream crm = new Downstream(); Downstream alerts = new Downstream()) {
            String yaml = yaml("sqlite:" + dir + "/junction.db", billing, crm, alerts, "20s");
            // Without alerts too: the alerter has a JDK client of its own.
            String withoutProbes = yaml.substring(0, yaml.indexOf("synthetics:")).replaceAll("(?m)^alerts:.*\n", "");
            Class.forName(TestGateways.class.getName()); // its own client for the test's requests exists before we count
            java.util.Set<String> before = selectorThreads();
            try (Gateway gateway = start(withoutProbes)) {
                java.util.Set<String> started = selectorThreads();
                started.removeAll(before);
                assertThat(started).as("the JDK client a probe's door would use, with its selector thread").isEmpty();
                assertThat(TestGateways.get(gateway.port(), "/api/v1/synthetics").statusCode()).isEqualTo(200);
            }
        }
    }

    private static java.util.Set<String> selectorThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).filter(n -> n.endsWith("-SelectorManager"))
                .collect(java.util.stream.Collectors.toCollection(java.util.HashSet::new));
    }

    @Test
    void aCanaryDeliveredWithinItsSlaIsMeasuredAndARestartDoesNotSendAnother() throws Exception {
        try (Downstream billing = new Downstream(); Downstream crm = new Downstream(); Downstream alerts = new Downstream()) {
            String yaml = yaml("sqlite:" + dir + "/junction.db", billing, crm, alerts, "20s");
            Gateway gateway = start(yaml);
            try {
                assertThat(metrics(gateway)).as("series at 0 from the start")
                        .contains("junction_synthetic_failures_total{reason=\"late\",synthetic=\"canary\"} 0.0")
                        .contains("junction_synthetic_failures_total{reason=\"rejected\",synthetic=\"canary\"} 0.0");
                await().atMost(UP).until(() -> probe(gateway).path("last").path("outcome").asText().equals("delivered"));

                for (Downstream receiver : List.of(billing, crm)) {
                    assertThat(receiver.succeeded()).hasSize(1);
                    Downstream.Received canary = receiver.succeeded().getFirst();
                    assertThat(canary.header("Junction-Synthetic")).as("marked on its deliveries").isEqualTo("canary");
                    assertThat(canary.bodyText()).contains("\"junction_synthetic\":{\"probe\":\"canary\",\"id\":\"syn_")
                            .contains("\"type\":\"charge.succeeded\"");
                }
                JsonNode view = probe(gateway);
                assertThat(view.get("last").get("e2e_ms").asLong()).isBetween(0L, 20_000L);
                assertThat(view.get("runs").asLong()).isEqualTo(1);
                assertThat(Instant.parse(view.get("next_run_at").asText())).isAfter(Instant.now().plusSeconds(20));
                assertThat(metrics(gateway)).contains("junction_synthetic_e2e_seconds_count{synthetic=\"canary\"} 1")
                        .contains("junction_synthetic_failures_total{reason=\"late\",synthetic=\"canary\"} 0.0")
                        .containsPattern("junction_synthetic_last_success_timestamp_seconds\\{synthetic=\"canary\"} 1\\.[0-9]+E9");
                assertThat(alerts.received()).isEmpty();
            } finally {
                gateway.close();
            }

            Gateway restarted = start(yaml);
            try {
                Instant nextRun = state(restarted).nextRunAt();
                assertThat(nextRun).isAfter(Instant.now());
                await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(20))
                        .until(() -> billing.arrived() == 1 && crm.arrived() == 1);
                assertThat(state(restarted).runs()).as("no canary at start-up: the next run is still ahead").isEqualTo(1);
                assertThat(state(restarted).nextRunAt()).isEqualTo(nextRun);
                assertThat(state(restarted).inFlight()).isFalse();
            } finally {
                restarted.close();
            }
        }
    }

    @Test
    void aReceiverThatIsDownMakesTheCanaryLateWhichIsCountedAndAlerted() throws Exception {
        try (Downstream billing = new Downstream(); Downstream crm = new Downstream(); Downstream alerts = new Downstream()) {
            crm.script(n -> Downstream.Reply.status(503));
            Gateway gateway = start(yaml("sqlite:" + dir + "/junction.db", billing, crm, alerts, "3s"));
            try {
                await().atMost(UP).until(() -> alerts.received().size() >= 1);
                JsonNode alert = JSON.readTree(alerts.received().getFirst().bodyText());
                assertThat(alert.get("byKind").get("SYNTHETIC_LATE").asInt()).isEqualTo(1);
                assertThat(alert.get("alerts").get(0).get("destination").asText()).isEqualTo("crm");
                assertThat(alert.get("alerts").get(0).get("detail").asText())
                        .isEqualTo("synthetic canary (source stripe): late: not delivered to crm within its SLA");

                JsonNode view = probe(gateway);
                assertThat(view.get("last").get("outcome").asText()).isEqualTo("late");
                assertThat(view.get("last").get("e2e_ms").isNull()).isTrue();
                assertThat(view.get("failures").asLong()).isEqualTo(1);
                assertThat(view.get("last_success_at").isNull()).isTrue();
                assertThat(metrics(gateway)).contains("junction_synthetic_failures_total{reason=\"late\",synthetic=\"canary\"} 1.0")
                        .contains("junction_synthetic_e2e_seconds_count{synthetic=\"canary\"} 0")
                        .contains("junction_synthetic_last_success_timestamp_seconds{synthetic=\"canary\"} 0.0");
                assertThat(billing.succeeded()).hasSize(1);
                assertThat(crm.received()).as("crm was tried and refused").isNotEmpty();
                assertThat(crm.received().getFirst().header("Junction-Synthetic")).isEqualTo("canary");
                assertThat(state(gateway).last().outcome()).isEqualTo(Outcome.LATE);
            } finally {
                gateway.close();
            }
        }
    }

    @Test
    void twoNodesOnOnePostgresStoreSendTheCanaryOnce() throws Exception {
        String url = TestDatabases.freshPostgresSchema();
        try (Downstream billing = new Downstream(); Downstream crm = new Downstream(); Downstream alerts = new Downstream()) {
            String yaml = yaml(url, billing, crm, alerts, "20s");
            List<Gateway> nodes = new ArrayList<>();
            try {
                for (int i = 0; i < 2; i++) nodes.add(start(yaml));
                await().atMost(UP).until(() -> probe(nodes.get(0)).path("last").path("outcome").asText().equals("delivered"));
                await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(20))
                        .until(() -> billing.arrived() == 1 && crm.arrived() == 1);
                SyntheticState state = state(nodes.get(1));
                assertThat(state.runs()).as("one run, by one node").isEqualTo(1);
                assertThat(probe(nodes.get(1)).get("last").get("outcome").asText()).as("every node shows the same result").isEqualTo("delivered");
                assertThat(billing.succeeded().getFirst().header("Junction-Synthetic")).isEqualTo("canary");
                long arrivals = 0;
                for (Gateway g : nodes) {
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("junction_synthetic_e2e_seconds_count\\{synthetic=\"canary\"} ([0-9.]+)")
                            .matcher(metrics(g));
                    assertThat(m.find()).isTrue();
                    arrivals += (long) Double.parseDouble(m.group(1));
                }
                assertThat(arrivals).as("measured by the node that sent it, once").isEqualTo(1);
            } finally {
                for (Gateway g : nodes) g.close();
            }
        }
    }
}
