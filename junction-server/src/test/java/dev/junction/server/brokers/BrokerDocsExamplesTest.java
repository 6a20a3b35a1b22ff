package dev.junction.server.brokers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.junction.core.config.DestinationSpec;
import dev.junction.engine.brokers.JetStreamStream;
import dev.junction.engine.brokers.RabbitQueue;
import dev.junction.engine.brokers.TestBrokers;
import dev.junction.server.Gateway;
import dev.junction.server.TestGateways;
import dev.junction.server.config.ConfigLoader;
import dev.junction.server.config.JunctionConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The YAML examples of the broker sections of docs/delivery.md and docs/configuration.md are read by the
 * real config loader, and the full one is run: a gateway started from it (on a free port, with a fresh
 * queue and stream in place of its names) delivers a Stripe event to RabbitMQ and to JetStream.
 */
class BrokerDocsExamplesTest {

    private static final Map<String, String> ENV = Map.of("STRIPE_WEBHOOK_SECRET", TestGateways.STRIPE_SECRET,
            "RABBITMQ_PASSWORD", "pw", "NATS_PASSWORD", "pw", "ORDERS_SIGNING_SECRET", TestGateways.DESTINATION_SECRET);

    @TempDir
    Path dir;

    @Test
    void theDeliveryGuidesExampleRunsAndDeliversToBothBrokers() throws Exception {
        List<String> examples = examples("docs/delivery.md", "## Broker destinations");
        assertThat(examples).hasSize(1);
        String yaml = examples.get(0);
        Map<String, String> env = new java.util.HashMap<>(ENV);
        env.put("JUNCTION_DATA", dir.toString());
        JunctionConfig asWritten = ConfigLoader.parse(yaml, "delivery.md", env);
        assertThat(asWritten.destinations().get("ledger").target()).isEqualTo(new DestinationSpec.Target.Amqp("", "ledger"));
        assertThat(asWritten.destinations().get("audit").target()).isEqualTo(new DestinationSpec.Target.Nats("audit.payments"));

        try (RabbitQueue queue = new RabbitQueue("docs-ledger"); JetStreamStream stream = new JetStreamStream("docs-audit")) {
            String runnable = replace(replace(replace(yaml, "server: { port: 8080 }", "server: { host: 127.0.0.1, port: 0 }"),
                    "routing-key: ledger", "routing-key: " + queue.name()), "\"audit.payments\"", "\"" + stream.subject("payments") + "\"");
            try (Gateway gateway = TestGateways.start(ConfigLoader.parse(runnable, "delivery.md", env))) {
                String messageId = BrokerGateways.post(gateway, BrokerGateways.event("evt_docs_1", "cus_1"));
                assertThat(queue.take(1, Duration.ofSeconds(15))).extracting(m -> m.getProps().getMessageId()).containsExactly(messageId);
                await().atMost(Duration.ofSeconds(15)).until(() -> stream.count() == 1);
            }
        }
    }

    @Test
    void theConfigurationGuidesExampleLoads() throws Exception {
        List<String> examples = examples("docs/configuration.md", "### Broker destinations");
        assertThat(examples).hasSize(1);
        // A fragment: given the store, a source and a route it needs around it.
        String yaml = TestGateways.stripeGateway(dir) + examples.get(0) + "routes:\n  - { from: stripe, to: [orders, audit] }\n";
        JunctionConfig config = ConfigLoader.parse(yaml, "configuration.md", ENV);
        DestinationSpec orders = config.destinations().get("orders");
        assertThat(orders.kind()).isEqualTo(DestinationSpec.Kind.AMQP);
        assertThat(orders.target()).isEqualTo(new DestinationSpec.Target.Amqp("events", "orders.paid"));
        assertThat(orders.secret()).isEqualTo(TestGateways.DESTINATION_SECRET);
        DestinationSpec audit = config.destinations().get("audit");
        assertThat(audit.target()).isEqualTo(new DestinationSpec.Target.Nats("audit.payments"));
        assertThat(audit.guard().maxConcurrent()).isEqualTo(32);
    }

    private static String replace(String text, String from, String to) {
        assertThat(text).contains(from);
        return text.replace(from, to);
    }

    /** The ```yaml blocks under the heading that starts with {@code heading}, up to the next heading of its level or above. */
    static List<String> examples(String doc, String heading) throws Exception {
        List<String> lines = Files.readAllLines(docFile(doc));
        int level = heading.indexOf(' ');
        List<String> blocks = new ArrayList<>();
        boolean inSection = false;
        StringBuilder block = null;
        for (String line : lines) {
            if (block != null) {
                if (line.equals("```")) {
                    blocks.add(block.toString());
                    block = null;
                } else {
                    block.append(line).append('\n');
                }
                continue;
            }
            if (line.startsWith("#")) {
                int l = line.indexOf(' ');
                if (line.startsWith(heading)) inSection = true;
                else if (l > 0 && l <= level) inSection = false;
            } else if (inSection && line.equals("```yaml")) {
                block = new StringBuilder();
            }
        }
        return blocks;
    }

    /** Tests run in the module's directory; the docs live at the top of the repository. */
    private static Path docFile(String path) {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.exists(d.resolve(path))) return d.resolve(path);
        }
        throw new AssertionError(path + " not found above " + Path.of("").toAbsolutePath());
    }
}
