package dev.junction.server.http;

import static dev.junction.server.TestGateways.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.core.model.DeliveryState;
import dev.junction.engine.ingest.RequestOutcome;
import dev.junction.server.GatewayUnderTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What /metrics adds beyond ingest and attempts: store latency per operation and each destination's backlog. */
class MetricsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private GatewayUnderTest running;
    private int port;

    @BeforeEach
    void start() throws Exception {
        running = GatewayUnderTest.start(dir);
        port = running.port();
    }

    @AfterEach
    void stop() {
        running.close();
    }

    /** The value of one series in a scrape, or -1 when it is not there. */
    private static double value(String scrape, String name, String labels) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(labels.isEmpty() ? name : name + "{" + labels + "}") + " (\\S+)$").matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    private String scrape() throws Exception {
        return get(port, "/metrics").body();
    }

    @Test
    void aFreshGatewayExposesEverySeriesWithKnownLabelsAtZero() throws Exception {
        String scrape = scrape();

        for (RequestOutcome outcome : RequestOutcome.ofKnownSource()) {
            assertThat(scrape).as(outcome.label())
                    .contains("junction_ingest_requests_total{outcome=\"" + outcome.label() + "\",source=\"stripe\"} 0.0");
        }
        assertThat(scrape).contains("junction_ingest_requests_total{outcome=\"malformed-key-missing\",source=\"stripe\"} 0.0")
                .contains("junction_ingest_requests_total{outcome=\"unknown-source\",source=\"_unknown\"} 0.0")
                .doesNotContain("outcome=\"unknown-source\",source=\"stripe\"")
                .contains("junction_ingest_latency_seconds_count{source=\"stripe\"} 0")
                .contains("junction_delivery_attempts_total{destination=\"billing\",outcome=\"success\",status=\"2xx\"} 0.0")
                .contains("junction_delivery_attempts_total{destination=\"billing\",outcome=\"retryable\",status=\"5xx\"} 0.0")
                .contains("junction_delivery_attempts_total{destination=\"billing\",outcome=\"retryable\",status=\"none\"} 0.0")
                .contains("junction_delivery_attempts_total{destination=\"billing\",outcome=\"permanent\",status=\"4xx\"} 0.0")
                .contains("junction_delivery_latency_seconds_count{destination=\"billing\"} 0")
                .contains("junction_breaker_transitions_total{destination=\"billing\",to=\"open\"} 0.0");
    }

    @Test
    void jvmProcessJettyAndConnectionPoolSeriesAreExposed() throws Exception {
        get(port, "/health/live");
        String scrape = scrape();

        assertThat(scrape).containsPattern("(?m)^jvm_memory_used_bytes\\{area=\"heap\"")
                .containsPattern("(?m)^jvm_threads_live_threads ")
                .containsPattern("(?m)^jvm_classes_loaded_classes ")
                .containsPattern("(?m)^jvm_gc_memory_allocated_bytes_total ")
                .containsPattern("(?m)^process_cpu_usage ")
                .containsPattern("(?m)^process_uptime_seconds ")
                .containsPattern("(?m)^process_files_open_files ")
                .containsPattern("(?m)^jetty_threads_current ")
                // a pool Jetty knows (selectors on platform threads, handlers on virtual ones), so its size and load are real
                .containsPattern("(?m)^jetty_threads_config_max ")
                .containsPattern("(?m)^jetty_threads_busy ")
                .containsPattern("(?m)^jetty_threads_jobs ")
                .containsPattern("(?m)^jetty_connections_current_connections\\{")
                .containsPattern("(?m)^jetty_server_requests_seconds_count\\{")
                .containsPattern("(?m)^hikaricp_connections_active\\{pool=\"junction-sqlite\"\\}")
                .containsPattern("(?m)^hikaricp_connections_pending\\{pool=\"junction-sqlite\"\\}");
    }

    @Test
    void afterTrafficEveryStoreOperationOfThePathHasALatencyHistogram() throws Exception {
        String id = new ObjectMapper().readTree(postStripe(port, stripeEvent("evt_1")).body()).get("id").asText();
        await().atMost(WAIT).until(() -> running.store().deliveriesOf(id).get(0).state() == DeliveryState.SUCCEEDED);
        get(port, "/api/v1/dead-letters");
        get(port, "/api/v1/messages/" + id);

        String scrape = scrape();
        for (String operation : new String[] {"ingest", "claim", "complete", "deliveries", "message", "deliveries_of", "attempts"}) {
            assertThat(value(scrape, "junction_store_operation_seconds_count", "operation=\"" + operation + "\",outcome=\"ok\""))
                    .as(operation).isGreaterThanOrEqualTo(1);
        }
        assertThat(value(scrape, "junction_store_operation_seconds_bucket", "operation=\"claim\",outcome=\"ok\",le=\"10.0\""))
                .as("histogram buckets for Prometheus").isGreaterThanOrEqualTo(1);
    }

    @Test
    void eachDestinationsBacklogIsCountedPendingDueInFlightAndDead() throws Exception {
        assertThat(postEmpty(port, "/api/v1/destinations/billing/pause").statusCode()).isEqualTo(200);
        postStripe(port, stripeEvent("evt_a"));
        postStripe(port, stripeEvent("evt_b"));

        String held = scrape();
        assertThat(value(held, "junction_destination_deliveries", "destination=\"billing\",state=\"pending\"")).isEqualTo(2);
        assertThat(value(held, "junction_destination_deliveries", "destination=\"billing\",state=\"due\"")).isEqualTo(2);
        assertThat(value(held, "junction_destination_deliveries", "destination=\"billing\",state=\"in_flight\"")).isZero();
        assertThat(value(held, "junction_destination_deliveries", "destination=\"billing\",state=\"dead\"")).isZero();
        assertThat(value(held, "junction_destination_oldest_due_seconds", "destination=\"billing\"")).isGreaterThanOrEqualTo(0);

        assertThat(postEmpty(port, "/api/v1/destinations/billing/resume").statusCode()).isEqualTo(200);
        await().atMost(WAIT).until(() -> value(scrape(), "junction_destination_deliveries", "destination=\"billing\",state=\"pending\"") == 0);
        assertThat(running.downstream().succeeded()).hasSize(2);
    }

    @Test
    void deliveriesAreCountedByHowTheyReachedAWorkerLeasedAtIngestOrClaimedFromTheQueue() throws Exception {
        String fresh = scrape();
        assertThat(value(fresh, "junction_dispatch_deliveries_total", "path=\"ingest\"")).isZero();
        assertThat(value(fresh, "junction_dispatch_deliveries_total", "path=\"claim\"")).isZero();

        System.gc(); // the counters are read through references Micrometer holds weakly: they must outlive a collection
        // Paused: the events queue, and the resumed destination's deliveries are claimed.
        assertThat(postEmpty(port, "/api/v1/destinations/billing/pause").statusCode()).isEqualTo(200);
        postStripe(port, stripeEvent("evt_q1"));
        postStripe(port, stripeEvent("evt_q2"));
        assertThat(postEmpty(port, "/api/v1/destinations/billing/resume").statusCode()).isEqualTo(200);
        await().atMost(WAIT).until(() -> running.downstream().succeeded().size() == 2);
        String claimed = scrape();
        assertThat(value(claimed, "junction_dispatch_deliveries_total", "path=\"claim\"")).isEqualTo(2);
        assertThat(value(claimed, "junction_dispatch_deliveries_total", "path=\"ingest\"")).isZero();
        assertThat(value(claimed, "junction_dispatch_claims_total", "")).isGreaterThanOrEqualTo(1);

        // Caught up: the next event's delivery is leased in the transaction that stores it.
        await().atMost(WAIT).until(() -> {
            postStripe(port, stripeEvent("evt_fast_" + System.nanoTime()));
            return value(scrape(), "junction_dispatch_deliveries_total", "path=\"ingest\"") >= 1;
        });
    }
}
