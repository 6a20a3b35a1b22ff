package dev.junction.server.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.server.Downstream;
import dev.junction.server.Gateway;
import dev.junction.server.RepoFiles;
import dev.junction.server.cli.CliRun;
import dev.junction.server.config.ConfigLoader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README tour's outbound commands, run as written on a machine with only loopback: its key from
 * {@code junction keys create}, the {@code outbound:} line it says to add, then each curl, with the receiver it
 * names on port 9000 moved to one of the test's own. The publish answers what its comment says and reaches the receiver.
 */
class ReadmeOutboundTourTest {

    private static final Pattern SH_BLOCK = Pattern.compile("(?s)```sh\\n(.*?)```");
    private static final Pattern KEY_LINE = Pattern.compile("KEY=\\$\\(\\./junction ([^)]*)\\)");
    private static final Pattern ALLOW = Pattern.compile("`(outbound: \\{ allow-networks: [^`]*})`");
    private static final Pattern CURL = Pattern.compile("curl -H \"Authorization: Bearer \\$KEY\" -d '([^']*)'\\s+localhost:8080(\\S+)(?:\\s+# (.*))?");
    private static final String RECEIVER = "http://127.0.0.1:9000";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void theToursOutboundCommandsWorkAsWrittenAndThePublishReachesTheReceiver() throws Exception {
        String readme = Files.readString(RepoFiles.find("README.md"));
        String tour = readme.substring(readme.indexOf("**Outbound:"), readme.indexOf("**Calendars:"));
        Matcher allow = ALLOW.matcher(tour);
        assertThat(allow.find()).as("the tour says how to let a local receiver through").isTrue();
        Matcher block = SH_BLOCK.matcher(tour);
        assertThat(block.find()).isTrue();
        String commands = block.group(1).replace("\\\n", " ");

        try (Downstream receiver = new Downstream()) {
            Path config = dir.resolve("junction.yaml");
            Files.writeString(config, """
                    server: { host: 127.0.0.1, port: 0 }
                    store: { url: "sqlite:%s/junction.db" }
                    sources:
                      stripe: { verify: { scheme: stripe, secrets: ["whsec_x"] } }
                    destinations:
                      billing: { url: "http://127.0.0.1:9/hooks" }
                    routes:
                      - { from: stripe, to: [billing] }
                    delivery: { poll-interval: 200ms }
                    %s
                    """.formatted(dir, allow.group(1)));

            Matcher keyLine = KEY_LINE.matcher(commands);
            assertThat(keyLine.find()).as("the tour says where $KEY comes from").isTrue();
            String[] args = keyLine.group(1).replace("junction.yaml", config.toString()).split(" ");
            CliRun created = CliRun.run(args);
            assertThat(created.exit()).as(created.err()).isZero();
            String key = created.out().strip();

            try (Gateway gateway = Gateway.start(ConfigLoader.load(config, Map.of()), Clock.systemUTC(), Map.of())) {
                List<JsonNode> answers = new ArrayList<>();
                List<Integer> statuses = new ArrayList<>();
                String publishComment = null;
                Matcher curl = CURL.matcher(commands);
                while (curl.find()) {
                    String body = curl.group(1).replace(RECEIVER, receiver.url().replaceAll("/hooks$", ""));
                    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + gateway.port() + curl.group(2)))
                            .header("Authorization", "Bearer " + key)
                            .header("Content-Type", "application/x-www-form-urlencoded") // what curl -d sends
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(r.statusCode()).as(curl.group(2) + ": " + r.body()).isBetween(200, 299);
                    answers.add(JSON.readTree(r.body()));
                    statuses.add(r.statusCode());
                    publishComment = curl.group(3);
                }
                assertThat(answers).hasSize(3);
                JsonNode published = answers.get(2);
                assertThat(statuses.getLast()).isEqualTo(202);
                assertThat(published.get("id").asText()).startsWith("msg_");
                assertThat(published.get("eventType").asText()).isEqualTo("invoice.paid");
                assertThat(published.get("deliveries").asInt()).isEqualTo(1);
                assertThat(publishComment).as("the tour says what the publish answers")
                        .isEqualTo("202 {\"id\":\"msg_...\",\"eventType\":\"invoice.paid\",\"deliveries\":1}");
                await().atMost(Duration.ofSeconds(20)).until(() -> receiver.arrived() >= 1);
                assertThat(receiver.received().getFirst().header("webhook-id")).isEqualTo(published.get("id").asText());
            }
        }
    }
}
