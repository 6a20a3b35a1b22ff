package dev.junction.server.outbound;

import static dev.junction.server.TestGateways.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.server.Downstream;
import dev.junction.server.Gateway;
import dev.junction.server.RepoFiles;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The requests in docs/outbound.md, run in order against a real gateway: each must succeed as the page
 * says, the message it publishes must reach the endpoints it names, and the portal link must be one. The page's customer host is
 * replaced by a local receiver.
 */
class OutboundDocsTest {

    private static final Pattern HTTP_BLOCK = Pattern.compile("(?s)```http\\n(\\S+) (\\S+)\\n(.*?)```");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void theGuidesRequestsWorkAsWrittenAndTheMessageReachesBothEndpoints() throws Exception {
        String page = Files.readString(RepoFiles.find("docs/outbound.md"));
        try (Downstream customer = new Downstream();
             Gateway gateway = start(config(stripeGateway(dir) + """
                     destinations:
                       billing: { url: "%s" }
                     routes:
                       - { from: stripe, to: [billing] }
                     delivery: { workers: 8, poll-interval: 200ms, lease: 4s }
                     outbound: { allow-networks: ["127.0.0.0/8"] }
                     """.formatted(customer.url())))) {
            List<JsonNode> answers = new ArrayList<>();
            Matcher m = HTTP_BLOCK.matcher(page);
            while (m.find()) {
                String body = m.group(3).strip().replace("https://hooks.acme.example", customer.url().replaceAll("/hooks$", ""));
                HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + gateway.port() + m.group(2)))
                        .header("Authorization", "Bearer " + ADMIN_KEY).header("Content-Type", "application/json")
                        .method(m.group(1), HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(m.group(1) + " " + m.group(2) + ": " + r.body()).isBetween(200, 299);
                answers.add(JSON.readTree(r.body()));
            }
            assertThat(answers).hasSize(5);
            JsonNode published = answers.get(3);
            JsonNode link = answers.get(4);
            assertThat(link.get("url").asText()).isEqualTo("http://127.0.0.1:" + gateway.port() + "/portal/#token=" + link.get("token").asText());
            assertThat(link.get("token").asText()).startsWith("jpt_");
            assertThat(published.get("deliveries").asInt()).as("the page says 2").isEqualTo(2);
            assertThat(page).contains("\"deliveries\": 2");
            await().atMost(Duration.ofSeconds(20)).until(() -> customer.arrived() >= 2);
            assertThat(customer.received()).allMatch(r -> r.header("webhook-id").equals(published.get("id").asText()));
        }
    }
}
