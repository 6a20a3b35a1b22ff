package dev.junction.server.brokers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.junction.engine.brokers.TestBrokers;
import dev.junction.server.GatewayProcess;
import dev.junction.server.GatewayUnderTest;
import dev.junction.server.TestGateways;
import dev.junction.server.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A password in a broker destination's URL appears nowhere a person or a scraper looks: not in the
 * gateway's log, the admin API (destinations, dead letters, a message's attempts), the metrics, nor
 * {@code junction dlq list}; while each of those still shows the destination and why it failed.
 */
class BrokerCredentialsTest {

    private static final String RABBIT_PASSWORD = "Rabb1t-s3cret-pw";
    private static final String NATS_PASSWORD = "N4ts-s3cret-pw";

    @TempDir
    Path dir;

    @Test
    void brokerPasswordsAreMaskedEverywhere() throws Exception {
        TestBrokers.requireRabbitMq();
        int closedPort = GatewayProcess.freePort();
        int port = GatewayProcess.freePort();
        // The Stripe secret is in the file so that `junction dlq list` in this JVM reads it without the environment.
        // A wrong password (RabbitMQ refuses the login) and a NATS server that is not there: both fail, and die after 2 attempts.
        String yaml = """
                server: { host: 127.0.0.1, port: %d }
                store: { url: "sqlite:%s/junction.db" }
                sources:
                  stripe:
                    verify: { scheme: stripe, secrets: ["%s"] }
                destinations:
                  ledger: { url: "amqp://guest:%s@127.0.0.1:%d/%%2F", routing-key: ledger, timeout: 2s, retry: { max-attempts: 2, initial-delay: 50ms } }
                  audit:  { url: "nats://audit:%s@127.0.0.1:%d", subject: audit.payments, timeout: 2s, retry: { max-attempts: 2, initial-delay: 50ms } }
                routes:
                  - { from: stripe, to: [ledger, audit] }
                delivery: { workers: 4, poll-interval: 100ms }
                """.formatted(port, dir, TestGateways.STRIPE_SECRET, RABBIT_PASSWORD, TestBrokers.RABBITMQ_URL.getPort(), NATS_PASSWORD, closedPort);
        Path config = dir.resolve("junction.yaml");
        Files.writeString(config, yaml);
        Map<String, String> env = new HashMap<>(GatewayUnderTest.ADMIN_ENV);
        Path log = dir.resolve("gateway.log");
        String messageId;
        Map<String, String> seen = new HashMap<>();
        try (GatewayProcess gateway = new GatewayProcess(config, log, env, port).withProductionLogging().start()) {
            var accepted = TestGateways.postStripe(port, TestGateways.stripeEvent("evt_credentials_1"));
            assertThat(accepted.statusCode()).isEqualTo(202);
            messageId = BrokerGateways.JSON.readTree(accepted.body()).get("id").asText();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                String dead = TestGateways.get(port, "/api/v1/dead-letters").body();
                return dead.contains("\"ledger\"") && dead.contains("\"audit\"");
            });
            seen.put("admin API: destinations", TestGateways.get(port, "/api/v1/destinations").body());
            seen.put("admin API: dead letters", TestGateways.get(port, "/api/v1/dead-letters").body());
            seen.put("admin API: the message's attempts", TestGateways.get(port, "/api/v1/messages/" + messageId).body());
            seen.put("metrics", TestGateways.get(port, "/metrics").body());
        }
        CliRun dlq = CliRun.run("dlq", "list", "--config", config.toString());
        assertThat(dlq.exit()).as(dlq.err()).isZero();
        seen.put("junction dlq list", dlq.out());
        seen.put("gateway log", Files.readString(log));

        seen.forEach((where, text) -> assertThat(text).as(where).doesNotContain(RABBIT_PASSWORD, NATS_PASSWORD));
        // Each still says what it is about.
        assertThat(seen.get("admin API: destinations")).contains("\"url\":\"amqp://127.0.0.1:" + TestBrokers.RABBITMQ_URL.getPort() + "/%2F\"",
                "\"kind\":\"amqp\"", "\"routingKey\":\"ledger\"", "\"url\":\"nats://127.0.0.1:" + closedPort + "\"", "\"subject\":\"audit.payments\"");
        assertThat(seen.get("admin API: the message's attempts")).contains("auth: the broker refused the user and password");
        assertThat(seen.get("junction dlq list")).contains("ledger", "audit", "2 dead letter(s)");
        assertThat(seen.get("metrics")).contains("destination=\"ledger\"", "destination=\"audit\"");
        assertThat(seen.get("gateway log")).contains("nats://***@127.0.0.1:" + closedPort);
    }
}
