package dev.junction.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.core.config.SyntheticSpec;
import dev.junction.server.RepoFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code synthetics:}: the documented example (docs/synthetics.md) loads, and each mistake is the one line the page shows. */
class SyntheticConfigTest {

    private static final Pattern YAML_BLOCK = Pattern.compile("(?s)```yaml\\n(.*?)```");
    private static final Pattern PLAIN_BLOCK = Pattern.compile("(?s)```text\\n(.*?)```");
    private static final Map<String, String> ENV = Map.of("STRIPE_WEBHOOK_SECRET", "whsec_test", "BILLING_SIGNING_SECRET",
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "ALERTS_WEBHOOK_URL", "https://alerts.example.com/hook");

    static String page() throws IOException {
        return Files.readString(RepoFiles.find("docs/synthetics.md"));
    }

    static String documented() throws IOException {
        Matcher m = YAML_BLOCK.matcher(page());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private static String error(String yaml) {
        return ConfigErrorsTest.error(yaml, ENV).getMessage();
    }

    private static String with(String yaml, String from, String to) {
        assertThat(yaml).contains(from);
        return yaml.replaceFirst(Pattern.quote(from), Matcher.quoteReplacement(to));
    }

    @Test
    void theDocumentedProbeLoads() throws IOException {
        SyntheticSpec probe = ConfigLoader.parse(documented(), "junction.yaml", ENV).synthetics().get("stripe-canary");

        assertThat(probe.source()).isEqualTo("stripe");
        assertThat(probe.every()).isEqualTo(Duration.ofMinutes(5));
        assertThat(probe.sla()).isEqualTo(Duration.ofSeconds(30));
        assertThat(probe.type()).isEqualTo("charge.succeeded");
        assertThat(new ObjectMapper().readTree(probe.payload())).isEqualTo(new ObjectMapper().readTree(
                "{\"object\":\"event\",\"data\":{\"object\":{\"amount\":0,\"currency\":\"usd\",\"livemode\":false}}}"));
    }

    @Test
    void theMistakesShownOnThePageAreWhatTheLoaderSays() throws IOException {
        String yaml = documented();
        Matcher m = PLAIN_BLOCK.matcher(page());
        assertThat(m.find()).isTrue();
        List<String> shown = m.group(1).lines().toList();

        assertThat(List.of(
                error(with(yaml, "source: stripe ", "source: strpe  ")),
                error(with(yaml, "every: 5m ", "every: 10s")),
                error(with(yaml, "sla: 30s ", "sla: 5m  ")),
                error(with(yaml, "type: charge.succeeded", "type: ping")))).isEqualTo(shown);
    }

    @Test
    void otherMistakesAreOneLineToo() throws IOException {
        String yaml = documented();
        assertThat(error(with(yaml, "    sla: 30s ", "    #sla: 30s")))
                .matches("junction\\.yaml:\\d+:\\d+: synthetics\\.stripe-canary: missing required key 'sla'");
        assertThat(error(with(yaml, "sla: 30s ", "sla: soon"))).matches("junction\\.yaml:\\d+:10: synthetics\\.stripe-canary\\.sla: \"soon\" is not a duration.*");
        assertThat(error(with(yaml, "sla: 30s ", "sla: 0s  "))).contains("synthetics.stripe-canary.sla: must be a positive duration");
        assertThat(error(with(yaml, "    type: charge.succeeded", "    typ: charge.succeeded")))
                .contains("synthetics.stripe-canary.typ: unknown key 'typ' (allowed: source, every, sla, type, payload)");
        assertThat(error(yaml.substring(0, yaml.indexOf("    payload:")) + "    payload: [a, b]\n"))
                .contains("synthetics.stripe-canary.payload: expected a mapping");
        assertThat(ConfigLoader.parse(with(with(yaml, "    when: { type: [\"charge.*\", \"invoice.*\"] }\n", ""), "type: charge.succeeded", "type: ping"),
                "junction.yaml", ENV).synthetics()).as("a route without a filter takes any type").containsKey("stripe-canary");
    }

    @Test
    void aPolledSourceOrOneWithoutRoutesCannotBeProbed() throws IOException {
        String polled = with(documented(), "sources:\n", "sources:\n  crm: { poll: { url: \"https://api.example.com/items\", every: 5m, items: /data, id: /id } }\n");
        assertThat(error(with(polled, "source: stripe ", "source: crm    ")))
                .matches("junction\\.yaml:\\d+:13: synthetics\\.stripe-canary\\.source: source 'crm' is polled \\(poll\\): it has no door for a canary; probe a webhook source");
        String unrouted = with(documented(), "sources:\n", "sources:\n  github: { verify: { scheme: github, secrets: [\"${STRIPE_WEBHOOK_SECRET}\"] } }\n");
        assertThat(error(with(unrouted, "source: stripe ", "source: github ")))
                .contains("synthetics.stripe-canary.type: no route leads from source 'github': the canary would reach no destination");
    }

    @Test
    void aDestinationCannotMarkItsOwnDeliveriesAsCanaries() throws IOException {
        String yaml = with(documented(), "secret: \"${BILLING_SIGNING_SECRET}\" }",
                "secret: \"${BILLING_SIGNING_SECRET}\", headers: { Junction-Synthetic: yes } }");
        assertThat(error(yaml)).contains("destinations.billing.headers.Junction-Synthetic: 'Junction-Synthetic' is set by Junction");
    }
}
