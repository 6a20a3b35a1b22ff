package dev.junction.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.engine.route.Router;
import dev.junction.engine.route.Unrouted;
import dev.junction.server.RepoFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The configurations in docs/configuration.md load as they are written, and what the docs quote of a story is
 * what a gateway with the documented routes says: a renamed key or a reworded explanation breaks this test,
 * not a reader's first try.
 */
class DocsExamplesTest {

    private static final Pattern YAML_BLOCK = Pattern.compile("(?s)```yaml\\n(.*?)```");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+)}");

    private static String doc(String name) throws IOException {
        return Files.readString(RepoFiles.find("docs/" + name));
    }

    /** The whole configurations of a page: its YAML blocks with a store (the others are fragments of one). */
    private static List<String> configurations(String page) {
        List<String> found = new ArrayList<>();
        Matcher m = YAML_BLOCK.matcher(page);
        while (m.find()) if (m.group(1).contains("\nstore:") || m.group(1).startsWith("store:")) found.add(m.group(1));
        return found;
    }

    /** Loads a documented configuration with each ${VAR} it needs set. */
    private static JunctionConfig load(String yaml) {
        Map<String, String> env = new HashMap<>();
        Matcher m = VARIABLE.matcher(yaml);
        while (m.find()) env.put(m.group(1), "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        return ConfigLoader.parse(yaml, "configuration.md", env);
    }

    @Test
    void everyWholeConfigurationInTheGuideLoads() throws IOException {
        List<String> examples = configurations(doc("configuration.md"));

        assertThat(examples).hasSizeGreaterThanOrEqualTo(2);
        for (String yaml : examples) assertThat(load(yaml).routes()).as(yaml).isNotEmpty();
    }

    @Test
    void everyConfigurationInTheReadmeLoadsAndRoutesAsItsTourSays() throws IOException {
        List<String> examples = configurations(Files.readString(RepoFiles.find("README.md")));

        assertThat(examples).hasSizeGreaterThanOrEqualTo(2);
        for (String yaml : examples) assertThat(load(yaml).routes()).as(yaml).isNotEmpty();
        JunctionConfig queues = load(examples.stream().filter(y -> y.contains("amqp://")).findFirst().orElseThrow());
        Router router = new Router(queues.routes());
        assertThat(router.destinationsFor("stripe", "charge.dispute.created")).containsExactly("ledger", "audit");
        assertThat(router.destinationsFor("stripe", "customer.created")).containsExactly("audit");
    }

    /** What the tour says to set up before its queues example works matches the example's destinations. */
    @Test
    void theReadmeSaysHowToSetUpTheBrokersItsQueuesExampleNeeds() throws IOException {
        String readme = Files.readString(RepoFiles.find("README.md"));
        String yaml = configurations(readme).stream().filter(y -> y.contains("amqp://")).findFirst().orElseThrow();
        JunctionConfig queues = load(yaml);
        String after = readme.substring(readme.indexOf(yaml) + yaml.length(), readme.indexOf("**Backups.**")).replaceAll("\\s+", " ");

        Matcher user = Pattern.compile("amqp://\\$\\{([A-Z_]+)}:\\$\\{([A-Z_]+)}@").matcher(yaml);
        assertThat(user.find()).as("the RabbitMQ user and password both come from the environment").isTrue();
        assertThat(after).contains("`" + user.group(1) + "`", "`" + user.group(2) + "`");
        var ledger = (dev.junction.core.config.DestinationSpec.Target.Amqp) queues.destinations().get("ledger").target();
        assertThat(ledger.exchange()).isEmpty();
        assertThat(after).contains("a queue named `" + ledger.routingKey() + "`, the routing key on the default exchange");

        Matcher stream = Pattern.compile("`nats stream add \\w+ --subjects '([^']+)' --defaults`").matcher(after);
        assertThat(stream.find()).as("the tour says which JetStream stream to add").isTrue();
        String subject = ((dev.junction.core.config.DestinationSpec.Target.Nats) queues.destinations().get("audit").target()).subject();
        String captured = stream.group(1);
        assertThat(captured.endsWith(".>") ? subject.startsWith(captured.substring(0, captured.length() - 1)) : subject.equals(captured))
                .as(captured + " captures " + subject).isTrue();
    }

    @Test
    void theRouteFilterExampleTakesWhatTheGuideSaysAndTheStoriesQuotedAreWhatItExplains() throws IOException {
        String example = configurations(doc("configuration.md")).stream().filter(y -> y.contains("when:")).findFirst().orElseThrow();
        JunctionConfig config = load(example);
        Router router = new Router(config.routes());
        assertThat(router.destinationsFor("stripe", "charge.dispute.created")).containsExactly("billing", "disputes");
        assertThat(router.destinationsFor("stripe", "payment_intent.succeeded")).containsExactly("billing");
        assertThat(router.destinationsFor("orders", "order.paid")).containsExactly("warehouse");
        assertThat(router.destinationsFor("stripe", "customer.created")).isEmpty();
        assertThat(router.destinationsFor("orders", null)).isEmpty();

        Unrouted unrouted = new Unrouted(config.sources().keySet(), config.routes());
        String customer = unrouted.why("stripe", "customer.created");
        assertThat(doc("delivery.md")).contains("`" + customer + "`", "`" + unrouted.why("orders", null) + "`",
                "`" + unrouted.why("old", "push") + "`");
        String dispute = unrouted.why("stripe", "charge.dispute.created");
        assertThat(doc("delivery.md")).contains("`" + dispute.substring(0, dispute.indexOf(": ") + 2) + "...`");
        assertThat(doc("api.md")).contains("`" + customer + "`");
    }

    /** The gateway's own settings: the example loads as its comments say, and the defaults the table gives are the loader's. */
    @Test
    void theGatewaysOwnSettingsLoadAsTheGuideSaysWithTheDefaultsItGives() throws IOException {
        String guide = doc("configuration.md");
        String example = configurations(guide).stream().filter(y -> y.startsWith("server: { host:")).findFirst().orElseThrow();
        JunctionConfig config = load(example);
        assertThat(config.server()).isEqualTo(new JunctionConfig.Server("127.0.0.1", 8080));
        assertThat(config.store().user()).isEqualTo("junction");
        assertThat(ConfigLoader.parse(example, "configuration.md", Map.of("STRIPE_WEBHOOK_SECRET", "whsec_x")).store().password())
                .as("an empty password is none").isNull();
        assertThat(config.sources().get("stripe").verify().secrets()).containsExactly("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        assertThat(config.sources().get("stripe").ratePerSecond()).isEqualTo(100);
        assertThat(config.delivery()).isEqualTo(new JunctionConfig.Delivery(32, java.time.Duration.ofSeconds(1), null, 100_000));
        assertThat(config.retention()).isEqualTo(new JunctionConfig.Retention(java.time.Duration.ofDays(30),
                java.time.Duration.ofMinutes(10), 500));
        assertThat(config.alerts().minInterval()).isEqualTo(java.time.Duration.ofMinutes(5));

        String bare = example.substring(example.indexOf("store:"), example.indexOf("delivery:")).replace("rate-limit: 100", "");
        JunctionConfig defaults = load(bare);
        assertThat(defaults.server()).isEqualTo(new JunctionConfig.Server("0.0.0.0", 8080));
        assertThat(defaults.delivery()).isEqualTo(new JunctionConfig.Delivery(64, java.time.Duration.ofSeconds(1), null, 0));
        assertThat(defaults.retention()).isEqualTo(JunctionConfig.Retention.DEFAULT)
                .isEqualTo(new JunctionConfig.Retention(java.time.Duration.ofDays(7), java.time.Duration.ofMinutes(10), 500));
        assertThat(defaults.alerts()).isNull();
        assertThat(defaults.sources().get("stripe").ratePerSecond()).isZero();
        String table = guide.replaceAll("\\s+", " ");
        assertThat(table).contains("(default `0.0.0.0`: every interface", "(default `8080`;", "1 to 1024 (default `64`)",
                "(default `1s`;", "(default `0`: no limit)", "(default `7d`)", "(default `10m`)", "(default `500`, 1 to 100,000)",
                "(default `1m`)", "on each node (default `0`: no limit)");

        // delivery is the gateway's, not a destination's.
        String perDestination = bare.replace("billing: { url: \"http://127.0.0.1:9000/hooks\" }",
                "billing: { url: \"http://127.0.0.1:9000/hooks\", delivery: { workers: 8 } }");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> load(perDestination)).hasMessageContaining("unknown key 'delivery'");
    }

    @Test
    void theIdempotencySettingsInTheApiGuideLoadAsItSays() throws IOException {
        Matcher m = YAML_BLOCK.matcher(doc("api.md"));
        String fragment = null;
        while (m.find()) if (m.group(1).startsWith("outbound:")) fragment = m.group(1);
        assertThat(fragment).as("the outbound: block of api.md").isNotNull();
        String whole = """
                store: { url: "sqlite:/tmp/junction.db" }
                sources:
                  stripe: { verify: { scheme: stripe, secrets: ["whsec_x"] } }
                destinations:
                  billing: { url: "http://127.0.0.1:9/" }
                routes:
                  - { from: stripe, to: [billing] }
                """ + fragment;
        JunctionConfig config = ConfigLoader.parse(whole, "api.md", Map.of());
        assertThat(config.outbound().requireIdempotencyKey()).isTrue();
        assertThat(config.outbound().idempotencyTtl()).isEqualTo(java.time.Duration.ofHours(48));
        assertThat(ConfigLoader.parse(whole.replace(fragment, ""), "api.md", Map.of()).outbound())
                .isEqualTo(dev.junction.core.config.OutboundSpec.DEFAULT);
    }
}
