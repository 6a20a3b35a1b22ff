package dev.junction.server.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.junction.core.config.BatchSpec;
import dev.junction.core.config.DestinationSpec;
import dev.junction.server.Gateway;
import dev.junction.server.RepoFiles;
import dev.junction.server.TestGateways;
import dev.junction.server.config.ConfigLoader;
import dev.junction.server.config.JunctionConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batch examples of docs/delivery.md and docs/configuration.md, read by the real config loader; the
 * delivery guide's is run: a gateway started from it sends Stripe events to a bulk receiver on 127.0.0.1
 * in one request that answers per item, and the admin API shows every delivery's attempt with the batch's id.
 */
class BatchDocsExamplesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern YAML_BLOCK = Pattern.compile("(?s)```yaml\\n(.*?)```");

    @TempDir
    Path dir;

    /** The ```yaml blocks of {@code doc} between the heading {@code heading} and the next heading. */
    private static List<String> examples(String doc, String heading) throws Exception {
        String text = Files.readString(RepoFiles.find(doc));
        int start = text.indexOf(heading);
        assertThat(start).as(heading + " in " + doc).isNotNegative();
        int end = text.indexOf("\n#", start + heading.length());
        Matcher m = YAML_BLOCK.matcher(text.substring(start, end < 0 ? text.length() : end));
        List<String> blocks = new ArrayList<>();
        while (m.find()) blocks.add(m.group(1));
        return blocks;
    }

    @Test
    void theDeliveryGuidesExampleSendsOneRequestForSeveralEventsAndRecordsEachOutcome() throws Exception {
        List<String> examples = examples("docs/delivery.md", "## Batches for bulk APIs");
        assertThat(examples).hasSize(1);
        Map<String, String> env = Map.of("STRIPE_WEBHOOK_SECRET", TestGateways.STRIPE_SECRET, "JUNCTION_DATA", dir.toString());
        DestinationSpec asWritten = ConfigLoader.parse(examples.get(0), "delivery.md", env).destinations().get("warehouse");
        assertThat(asWritten.batch()).isEqualTo(new BatchSpec(100, Duration.ofSeconds(2), BatchSpec.Format.JSON,
                new BatchSpec.Results("/results", "/status")));

        List<String> bodies = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        receiver.createContext("/v1/events/bulk", exchange -> {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                bodies.add(body);
                // Every item delivered except the third event, which the API is too busy for.
                StringBuilder answer = new StringBuilder("{\"results\":[");
                JsonNode items = JSON.readTree(body);
                for (int i = 0; i < items.size(); i++) {
                    if (i > 0) answer.append(',');
                    answer.append("{\"status\":").append(items.get(i).get("id").asText().equals("evt_batch_3") ? 503 : 201).append('}');
                }
                byte[] out = answer.append("]}").toString().getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(207, out.length);
                exchange.getResponseBody().write(out);
            }
        });
        receiver.start();
        String runnable = examples.get(0).replace("server: { port: 8080 }", "server: { host: 127.0.0.1, port: 0 }")
                .replace("https://warehouse.example.com", "http://127.0.0.1:" + receiver.getAddress().getPort());
        JunctionConfig config = ConfigLoader.parse(runnable, "delivery.md", env);
        try (Gateway gateway = TestGateways.start(config)) {
            List<String> messageIds = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                var response = TestGateways.postStripe(gateway.port(), TestGateways.stripeEvent("evt_batch_" + i));
                assertThat(response.statusCode()).isEqualTo(202);
                messageIds.add(JSON.readTree(response.body()).get("id").asText());
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> !bodies.isEmpty());
            assertThat(bodies).as("five events posted within 2s: one batch").hasSize(1);
            assertThat(JSON.readTree(bodies.getFirst())).hasSize(5);

            Set<String> batchIds = new HashSet<>();
            List<Integer> statuses = new ArrayList<>();
            List<String> states = new ArrayList<>();
            for (String id : messageIds) {
                await().atMost(Duration.ofSeconds(10)).until(() -> !attempts(gateway, id).isEmpty());
                JsonNode delivery = delivery(gateway, id);
                states.add(delivery.get("state").asText());
                JsonNode first = delivery.get("attempts").get(0);
                statuses.add(first.get("status").asInt());
                batchIds.add(first.get("batchId").asText());
            }
            assertThat(batchIds).as("the first attempts of all five").hasSize(1).allSatisfy(b -> assertThat(b).matches("bat_[0-9A-HJKMNP-TV-Z]{26}"));
            assertThat(statuses).as("each item's own status").containsExactly(201, 201, 503, 201, 201);
            assertThat(states).as("the busy one is retried (waiting, or gathering into its next batch)")
                    .containsExactly("SUCCEEDED", "SUCCEEDED", states.get(2), "SUCCEEDED", "SUCCEEDED");
            assertThat(states.get(2)).isIn("PENDING", "IN_FLIGHT");
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void theConfigurationGuidesExampleLoads() throws Exception {
        List<String> examples = examples("docs/configuration.md", "### Destinations (`destinations.<name>`)");
        String batchExample = examples.stream().filter(y -> y.contains("batch:")).findFirst().orElseThrow();
        String yaml = TestGateways.stripeGateway(dir) + batchExample + "routes:\n  - { from: stripe, to: [warehouse] }\n";
        DestinationSpec warehouse = TestGateways.config(yaml).destinations().get("warehouse");
        assertThat(warehouse.batch()).isEqualTo(new BatchSpec(500, Duration.ofSeconds(5), BatchSpec.Format.NDJSON,
                new BatchSpec.Results("/items", "/index/status")));
    }

    private static JsonNode delivery(Gateway gateway, String messageId) throws Exception {
        JsonNode story = JSON.readTree(TestGateways.get(gateway.port(), "/api/v1/messages/" + messageId).body());
        return story.get("deliveries").get(0);
    }

    private static JsonNode attempts(Gateway gateway, String messageId) throws Exception {
        return delivery(gateway, messageId).get("attempts");
    }
}
