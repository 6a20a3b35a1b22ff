package dev.junction.server.design;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.explain.ProviderPreset;
import dev.junction.server.Gateway;
import dev.junction.server.cli.CliRun;
import dev.junction.server.config.ConfigLoader;
import dev.junction.server.config.JunctionConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code junction new} with flags: every preset's config loads, passes {@code junction check}, and runs. */
class NewCommandTest {

    @TempDir Path dir;

    @Test
    void everyPresetWritesAConfigThatPassesCheckWithACommentOnEachChoice() throws Exception {
        for (ProviderPreset preset : ProviderPreset.values()) {
            Path file = dir.resolve(preset.id() + ".yaml");
            CliRun made = CliRun.run("new", "--preset", preset.id(), "--output", file.toString());
            assertThat(made.exit()).as(made.err()).isZero();
            String yaml = Files.readString(file);

            CliRun check = CliRun.run("check", "--config", file.toString());
            assertThat(check.exit()).as(preset + "\n" + check.out() + check.err()).isZero();
            assertThat(check.out()).as(preset.id()).contains("0 failed, 0 warned");
            assertThat(yaml).contains("# Effectively-once: ", "# At-least-once: an attempt gets 10s, well under the route's slo of 1m",
                    "# Transient failures", "# Dead letters, breakers opening", "slo: 1m", "retry: { max-attempts: 8");
            assertThat(yaml).contains(preset.direction().name().equals("PULL") ? "# Pull: " : "# Push: the provider calls POST /in/" + preset.id());
        }
    }

    @Test
    void flagsChangeTheChoicesAndTheGenericPresetNamesItsKeyAndHeader() throws Exception {
        CliRun made = CliRun.run("new", "--preset", "generic", "--source", "acme", "--to", "crm-sync", "--url", "https://crm.example.com/in",
                "--slo", "30s", "--timeout", "5s", "--attempts", "5", "--signature-header", "X-Acme-Signature", "--id-pointer", "/event/id");

        assertThat(made.exit()).as(made.err()).isZero();
        assertThat(made.out()).contains("  acme:\n", "verify: { scheme: hmac, secrets: [\"${ACME_WEBHOOK_SECRET}\"], header: \"X-Acme-Signature\" }",
                "dedupe: { json-pointer: \"/event/id\" }", "  crm-sync:\n", "url: \"https://crm.example.com/in\"",
                "secret: \"${CRM_SYNC_SIGNING_SECRET}\"", "timeout: 5s", "max-attempts: 5", "slo: 30s");
        JunctionConfig config = ConfigLoader.parse(made.out(), "acme.yaml", env(made.out()));
        assertThat(config.sources().get("acme").dedupe().jsonPointer()).isEqualTo("/event/id");
        assertThat(config.routes().get(0).slo()).hasSeconds(30);
    }

    @Test
    void aTimeoutNotShorterThanTheSloIsRefusedInOneLine() {
        CliRun made = CliRun.run("new", "--preset", "stripe", "--slo", "10s", "--timeout", "30s");

        assertThat(made.exit()).isEqualTo(2);
        assertThat(made.err()).isEqualTo("junction: the timeout (30s) must be shorter than the slo (10s), or an attempt could miss it before it fails\n");
    }

    @Test
    void aUrlThatIsNoneOrAnOutputWithNoDirectoryIsRefusedInOneLine() {
        CliRun badUrl = CliRun.run("new", "--preset", "stripe", "--url", "not a url");
        CliRun ftp = CliRun.run("new", "--preset", "stripe", "--url", "ftp://files.example.com/in");
        CliRun nowhere = CliRun.run("new", "--preset", "stripe", "-o", dir.resolve("no/such/dir/junction.yaml").toString());

        assertThat(badUrl.exit()).isEqualTo(2);
        assertThat(badUrl.err()).isEqualTo(
                "junction: the destination's URL \"not a url\" is not a URL (e.g. https://app.example.com/webhooks, or ${APP_WEBHOOK_URL})\n");
        assertThat(ftp.err()).isEqualTo(
                "junction: the destination's URL \"ftp://files.example.com/in\" must be an http or https URL with a host (e.g. https://app.example.com/webhooks)\n");
        assertThat(nowhere.exit()).isEqualTo(2);
        assertThat(nowhere.err()).isEqualTo("junction: the directory " + dir.resolve("no/such/dir").toAbsolutePath() + " does not exist: create it first\n");
        assertThat(CliRun.run("new", "--preset", "stripe", "--url", "https://app.example.com/hooks").exit()).isZero();
    }

    @Test
    void aZeroSloAndADestinationNamedAsTheSourceAreRefusedInOneLine() {
        CliRun zero = CliRun.run("new", "--preset", "stripe", "--slo", "0s");
        CliRun same = CliRun.run("new", "--preset", "stripe", "--source", "stripe", "--to", "stripe");

        // Before: '"0s" is not a duration' (it is one), and a config whose source and destination were both 'stripe'.
        assertThat(zero.exit()).isEqualTo(2);
        assertThat(zero.err()).isEqualTo("junction: --slo must be more than zero, was 0s\n");
        assertThat(same.exit()).isEqualTo(2);
        assertThat(same.err()).isEqualTo("junction: the destination needs a name other than the source's (both were \"stripe\")\n");
        assertThat(CliRun.run("new", "--preset", "generic", "--signature-header", "X Sig").err())
                .isEqualTo("junction: the signature header must be a header name (letters, digits and - such as X-Signature), was \"X Sig\"\n");
    }

    @Test
    void anExistingFileIsNotReplacedWithoutForce() throws Exception {
        Path file = Files.writeString(dir.resolve("junction.yaml"), "mine");

        assertThat(CliRun.run("new", "--preset", "github", "-o", file.toString()).exit()).isEqualTo(2);
        assertThat(Files.readString(file)).isEqualTo("mine");
        assertThat(CliRun.run("new", "--preset", "github", "-o", file.toString(), "--force").exit()).isZero();
        assertThat(Files.readString(file)).contains("scheme: github");
    }

    @Test
    void theStripeConfigServesAndVerifiesWithItsEnvironment() throws Exception {
        String yaml = CliRun.run("new", "--preset", "stripe").out();
        Map<String, String> env = env(yaml);
        env.put("JUNCTION_DATA", dir.toString());
        env.put("APP_WEBHOOK_URL", "http://127.0.0.1:9/hooks");
        JunctionConfig loaded = ConfigLoader.parse(yaml, "stripe.yaml", env);
        JunctionConfig config = new JunctionConfig(new JunctionConfig.Server("127.0.0.1", 0), loaded.store(), loaded.sources(),
                loaded.destinations(), loaded.routes(), loaded.delivery(), loaded.retention(), loaded.alerts(), loaded.outbound());

        try (Gateway gateway = Gateway.start(config, Clock.systemUTC(), env)) {
            HttpResponse<String> unsigned = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + gateway.port() + "/in/stripe"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"evt_1\",\"type\":\"charge.succeeded\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(unsigned.statusCode()).as("the source verifies Stripe-Signature").isEqualTo(401);
        }
    }

    /** Every ${VAR} of a config set: URLs to a URL, the rest to a whsec_ key. */
    static Map<String, String> env(String yaml) {
        Map<String, String> env = new HashMap<>();
        Matcher m = Pattern.compile("\\$\\{([A-Z0-9_]+)}").matcher(yaml);
        while (m.find()) env.put(m.group(1), m.group(1).endsWith("_URL") ? "https://example.com/" + m.group(1).toLowerCase() : "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        return env;
    }

    @Test
    void aFileThatExistsIsAskedAgainAtTheWizardsLastQuestionNotRefusedAfterIt() throws Exception {
        // Before: every answer given, then "junction.yaml exists; choose another file" and nothing written.
        Path taken = Files.writeString(dir.resolve("junction.yaml"), "kept: true\n");
        Path chosen = dir.resolve("stripe.yaml");
        String answers = "\n".repeat(9) + taken + "\n" + dir.resolve("missing/x.yaml") + "\n" + chosen + "\n";
        java.io.InputStream stdin = System.in;
        CliRun made;
        try {
            System.setIn(new java.io.ByteArrayInputStream(answers.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            made = CliRun.run("new", "--output", taken.toString());
        } finally {
            System.setIn(stdin);
        }

        assertThat(made.exit()).as(made.err()).isZero();
        assertThat(made.out()).contains("! " + taken + " exists; choose another file, or add --force to replace it",
                "does not exist: create it first", "Wrote " + chosen);
        assertThat(Files.readString(taken)).isEqualTo("kept: true\n");
        assertThat(Files.readString(chosen)).contains("stripe");
    }
}
