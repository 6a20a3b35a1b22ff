package dev.junction.server.poll;

import static dev.junction.server.TestGateways.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.server.Downstream;
import dev.junction.server.Gateway;
import dev.junction.server.cli.CliRun;
import dev.junction.server.config.ConfigLoader;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway with a polled source, end to end: polls asked for over the admin API and the CLI read a real API,
 * their messages reach a real downstream, their records are listed, and the metrics count them.
 */
class PollHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private ItemsApi api;
    private Downstream downstream;
    private Gateway gateway;

    @BeforeEach
    void open() throws Exception {
        api = new ItemsApi();
        downstream = new Downstream();
    }

    @AfterEach
    void stop() {
        if (gateway != null) gateway.close();
        downstream.close();
        api.close();
    }

    private String yaml() {
        // every: 1h, so no scheduled poll runs during the test: the polls are the ones it asks for.
        return stripeGateway(dir) + """
                  crm:
                    poll:
                      url: "%s"
                      every: 1h
                      auth: { bearer: "${CRM_TOKEN}" }
                      items: /data
                      id: /id
                      pagination: { cursor: /next_page, param: page }
                destinations:
                  crm-sync: { url: "%s", retry: { max-attempts: 3, initial-delay: 50ms, max-delay: 1s } }
                routes:
                  - from: crm
                    to: [crm-sync]
                """.formatted(api.url(), downstream.url());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    @Test
    void aPollAskedForOverTheApiEmitsChangesThatReachTheDownstreamAndIsListed() throws Exception {
        api.put("a", "{\"id\":\"a\",\"name\":\"Ada\"}").put("b", "{\"id\":\"b\",\"name\":\"Bob\"}").put("c", "{\"id\":\"c\",\"name\":\"Cy\"}");
        gateway = dev.junction.server.TestGateways.start(ConfigLoader.parse(yaml(), "test.yaml", Map.of("STRIPE_WEBHOOK_SECRET", STRIPE_SECRET, "CRM_TOKEN", "tok_crm_123")));

        HttpResponse<String> first = postEmpty(gateway.port(), "/api/v1/sources/crm/poll");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(json(first).get("outcome").asText()).isEqualTo("changed");
        assertThat(json(first).get("pages").asInt()).isEqualTo(2);
        assertThat(json(first).get("changes").asInt()).isEqualTo(3);
        assertThat(api.authorizations()).containsOnly("Bearer tok_crm_123");
        await().atMost(Duration.ofSeconds(20)).until(() -> downstream.succeeded().size() == 3);
        assertThat(downstream.succeeded()).extracting(r -> JSON.readTree(r.body()).get("type").asText()).containsOnly("item.created");

        api.put("b", "{\"id\":\"b\",\"name\":\"Bob B.\"}");
        HttpResponse<String> second = postEmpty(gateway.port(), "/api/v1/sources/crm/poll");
        assertThat(json(second).get("changes").asInt()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> downstream.succeeded().size() == 4);
        JsonNode update = downstream.succeeded().stream().map(r -> {
            try {
                return JSON.readTree(r.body());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).filter(n -> n.get("type").asText().equals("item.updated")).findFirst().orElseThrow();
        assertThat(update.get("patch").toString()).isEqualTo("[{\"op\":\"replace\",\"path\":\"/name\",\"value\":\"Bob B.\"}]");

        JsonNode polls = json(get(gateway.port(), "/api/v1/sources/crm/polls?limit=1"));
        assertThat(polls.get("items").get(0).get("id").asText()).isEqualTo(json(second).get("id").asText());
        assertThat(polls.get("next").isNull()).isFalse();
        JsonNode older = json(get(gateway.port(), "/api/v1/sources/crm/polls?cursor=" + polls.get("next").asText()));
        assertThat(older.get("items").get(0).get("id").asText()).isEqualTo(json(first).get("id").asText());

        String metrics = get(gateway.port(), "/metrics").body();
        assertThat(metrics).contains("junction_polls_total{outcome=\"changed\",source=\"crm\"} 2.0");
        assertThat(metrics).contains("junction_feed_last_success_age_seconds{channel=\"\",source=\"crm\",unit=\"\"}");
        assertThat(metrics).doesNotContain("tok_crm_123");
    }

    @Test
    void anApiThatNeverAnsweredIsCountedFromZeroAndAgesFromItsFirstPollSoAStaleAlertCanSeeIt() throws Exception {
        String yaml = yaml().replace(api.url(), "http://127.0.0.1:1/items");
        gateway = dev.junction.server.TestGateways.start(ConfigLoader.parse(yaml, "test.yaml", Map.of("STRIPE_WEBHOOK_SECRET", STRIPE_SECRET, "CRM_TOKEN", "tok_crm_123")));
        String series = "junction_feed_last_success_age_seconds{channel=\"\",source=\"crm\",unit=\"\"} ";
        assertThat(get(gateway.port(), "/metrics").body()).contains(series + "NaN",
                "junction_polls_total{outcome=\"failed\",source=\"crm\"} 0.0", "junction_polls_total{outcome=\"changed\",source=\"crm\"} 0.0",
                "junction_poll_deletions_withheld_total{source=\"crm\"} 0.0");
        HttpResponse<String> badFlag = postEmpty(gateway.port(), "/api/v1/sources/crm/poll?take-deletions=yes");
        assertThat(badFlag.statusCode()).isEqualTo(400);
        assertThat(json(badFlag).get("parameter").asText()).isEqualTo("take-deletions");
        assertThat(json(badFlag).get("detail").asText()).isEqualTo("take-deletions must be true or false, not 'yes'.");

        assertThat(json(postEmpty(gateway.port(), "/api/v1/sources/crm/poll")).get("outcome").asText()).isEqualTo("failed");

        String metrics = get(gateway.port(), "/metrics").body();
        assertThat(metrics).contains("junction_polls_total{outcome=\"failed\",source=\"crm\"} 1.0");
        int at = metrics.indexOf(series);
        assertThat(at).isNotNegative();
        assertThat(metrics.substring(at + series.length()).lines().findFirst().orElseThrow()).matches("\\d+(\\.\\d+)?(E-?\\d+)?");
    }

    @Test
    void aWebhookSourceHasNoPollAndAPolledSourceTakesNoWebhooks() throws Exception {
        gateway = dev.junction.server.TestGateways.start(ConfigLoader.parse(yaml(), "test.yaml", Map.of("STRIPE_WEBHOOK_SECRET", STRIPE_SECRET, "CRM_TOKEN", "tok_crm_123")));

        assertThat(postEmpty(gateway.port(), "/api/v1/sources/stripe/poll").statusCode()).isEqualTo(404);
        assertThat(postEmpty(gateway.port(), "/api/v1/sources/nope/poll").statusCode()).isEqualTo(404);
        assertThat(post(gateway.port(), "crm", "{}", Map.of()).statusCode()).isEqualTo(404);
        assertThat(json(get(gateway.port(), "/api/v1/sources/crm")).get("kind").asText()).isEqualTo("poll");
    }

    @Test
    void junctionPollRunsOnePollAndPrintsWhatItDid() throws Exception {
        api.put("a", "{\"id\":\"a\"}");
        Path config = Files.writeString(dir.resolve("junction.yaml"), yaml().replace("${CRM_TOKEN}", "tok_cli").replace("${STRIPE_WEBHOOK_SECRET}", "whsec_x"));

        CliRun first = CliRun.run("poll", "--config", config.toString(), "--source", "crm");
        CliRun second = CliRun.run("poll", "--config", config.toString(), "--source", "crm");
        CliRun wrong = CliRun.run("poll", "--config", config.toString(), "--source", "stripe");

        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).startsWith("crm: changed, HTTP 200, 1 page(s), 1 item(s), 1 change(s) emitted in");
        assertThat(second.out()).startsWith("crm: not-modified, HTTP 200, 1 page(s), 0 item(s), 0 change(s)");
        assertThat(wrong.exit()).isEqualTo(2);
        assertThat(wrong.err()).contains("no polled source 'stripe'");
    }
}
