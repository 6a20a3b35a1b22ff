package dev.junction.server.drill;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.server.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code junction drill} against real receivers on loopback sockets, each with one habit. */
class DrillCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static CliRun drill(Receiver receiver, String timeout, String... more) {
        List<String> args = new ArrayList<>(List.of("drill", "--url", receiver.url(), "--secret", Receiver.SECRET,
                "--timeout", timeout, "--max-wait", "50ms"));
        args.addAll(List.of(more));
        return CliRun.run(args.toArray(String[]::new));
    }

    private static JsonNode scenario(JsonNode report, String id) {
        for (JsonNode s : report.get("scenarios")) if (s.get("scenario").asText().equals(id)) return s;
        throw new AssertionError("no scenario " + id + " in " + report);
    }

    @Test
    void aGoodReceiverPassesEveryScenarioAndProcessesEachEventOnce() throws Exception {
        try (Receiver receiver = new Receiver(Receiver.Habit.GOOD)) {
            CliRun run = drill(receiver, "2s", "--format", "json");
            assertThat(run.exit()).as(run.out() + run.err()).isZero();
            JsonNode report = JSON.readTree(run.out());
            assertThat(report.at("/summary/pass").asInt()).as(run.out()).isEqualTo(5);
            assertThat(receiver.badSignatures()).as("every attempt signed as deliveries are").isZero();
            JsonNode duplicates = scenario(report, "duplicates").get("answers");
            assertThat(duplicates).hasSize(3);
            assertThat(duplicates.findValuesAsText("webhookId")).as("one webhook-id, three copies").containsOnly(duplicates.get(0).get("webhookId").asText());
            assertThat(scenario(report, "burst").get("answers")).hasSize(50);
            assertThat(scenario(report, "retry-after-5xx").get("answers")).hasSize(2);
            // 1 duplicated + 5 in reverse + 1 retried + 1 abandoned then retried + 50 in the burst, each processed once.
            assertThat(receiver.processed()).isEqualTo(1 + 5 + 1 + 1 + 50);
            assertThat(scenario(report, "duplicates").get("maxMs").asLong()).isLessThan(2000);
        }
    }

    @Test
    void aSlowReceiverFailsOnItsTimeoutAndSaysHowToFixIt() throws Exception {
        try (Receiver receiver = new Receiver(Receiver.Habit.SLOW)) {
            CliRun run = drill(receiver, "300ms", "--burst", "5");
            assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
            assertThat(run.out()).contains("FAIL duplicates: 3 of 3 attempts got no answer within the timeout 300ms")
                    .contains("FAIL burst: 5 of 5 attempts got no answer within the timeout 300ms")
                    .contains("fix: Answer 2xx as soon as the event is stored")
                    .contains("(timeout 300ms)")
                    .containsPattern("5 failed, 0 warned, 0 passed");
        }
    }

    @Test
    void aReceiverThatRefusesDuplicatesFailsOnDuplicatesAndRetries() throws Exception {
        try (Receiver receiver = new Receiver(Receiver.Habit.NOT_IDEMPOTENT)) {
            CliRun run = drill(receiver, "2s", "--format", "json");
            assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
            JsonNode report = JSON.readTree(run.out());
            for (String id : List.of("duplicates", "retry-after-5xx", "retry-after-timeout")) {
                JsonNode s = scenario(report, id);
                assertThat(s.get("status").asText()).as(id + ": " + s).isEqualTo("fail");
                assertThat(s.get("answers").findValuesAsText("statusClass")).as(id).contains("4xx");
            }
            assertThat(scenario(report, "duplicates").get("detail").asText()).contains("copies of one event answered differently").contains("201").contains("409");
            assertThat(scenario(report, "retry-after-timeout").get("detail").asText()).isEqualTo("1 of 1 answered 409, final in production");
            assertThat(scenario(report, "retry-after-timeout").get("why").asText()).contains("may still process the first attempt");
            assertThat(scenario(report, "out-of-order").get("status").asText()).isEqualTo("pass");
            assertThat(scenario(report, "burst").get("status").asText()).isEqualTo("pass");
        }
    }

    @Test
    void aFlakyReceiverIsAWarningNotAFailure() throws Exception {
        try (Receiver receiver = new Receiver(Receiver.Habit.FLAKY)) {
            CliRun run = drill(receiver, "2s", "--format", "json");
            JsonNode report = JSON.readTree(run.out());
            assertThat(run.exit()).as("warnings alone exit 0: " + run.out()).isZero();
            assertThat(report.at("/summary/fail").asInt()).isZero();
            assertThat(report.at("/summary/warn").asInt()).as(run.out()).isPositive();
            JsonNode burst = scenario(report, "burst");
            assertThat(burst.get("status").asText()).isEqualTo("warn");
            assertThat(burst.get("detail").asText()).endsWith("answered 503, retried in production");
        }
    }

    @Test
    void takesTheDestinationFromTheConfig(@TempDir Path dir) throws Exception {
        try (Receiver receiver = new Receiver(Receiver.Habit.GOOD)) {
            Path config = dir.resolve("junction.yaml");
            Files.writeString(config, """
                    store: { url: "sqlite:%s/junction.db" }
                    sources:
                      stripe: { verify: { scheme: stripe, secrets: ["whsec_x"] } }
                    destinations:
                      billing:
                        url: "%s"
                        secret: "%s"
                        timeout: 3s
                        retry: { max-attempts: 3, initial-delay: 20ms }
                    routes:
                      - { from: stripe, to: [billing] }
                    """.formatted(dir, receiver.url(), Receiver.SECRET));
            CliRun run = CliRun.run("drill", "--config", config.toString(), "billing", "--burst", "3");
            assertThat(run.exit()).as(run.out() + run.err()).isZero();
            assertThat(run.out()).startsWith("drill billing " + receiver.url() + ": timeout 3s, retries 20ms apart, signed\n")
                    .contains("PASS retry-after-timeout: all 1 answered 2xx").contains("0 failed, 0 warned, 5 passed");
            assertThat(receiver.badSignatures()).isZero();

            CliRun unknown = CliRun.run("drill", "--config", config.toString(), "shipping");
            assertThat(unknown.exit()).isEqualTo(2);
            assertThat(unknown.err()).isEqualTo("junction: no destination named 'shipping' in " + config + " (known: billing)\n");
        }
    }

    @Test
    void aWrongSecretIsRefusedByTheReceiverAndFails() throws Exception {
        try (Receiver receiver = new Receiver(Receiver.Habit.GOOD)) {
            CliRun run = CliRun.run("drill", "--url", receiver.url(), "--secret", "whsec_c29tZW90aGVyc2VjcmV0a2V5", "--burst", "2", "--max-wait", "10ms");
            assertThat(run.exit()).isEqualTo(1);
            assertThat(run.out()).contains("FAIL duplicates: 3 of 3 answered 401, final in production");
            assertThat(receiver.processed()).isZero();
        }
    }
}
