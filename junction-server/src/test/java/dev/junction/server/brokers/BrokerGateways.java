package dev.junction.server.brokers;

import static dev.junction.server.TestGateways.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.server.Gateway;
import dev.junction.server.TestGateways;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A gateway in this JVM with a Stripe source routed to a RabbitMQ destination and a NATS JetStream one. */
final class BrokerGateways {

    static final ObjectMapper JSON = new ObjectMapper();

    private BrokerGateways() {}

    /**
     * {@code ledger} publishes to the default exchange with {@code routingKey}, {@code audit} to {@code subject};
     * retries are quick so a test sees several; {@code routeOptions} go on the route (e.g. an ordering key).
     */
    static Gateway start(Path dir, URI amqpUrl, String routingKey, URI natsUrl, String subject, String routeOptions) {
        return start(dir, amqpUrl, routingKey, natsUrl, subject, routeOptions, "");
    }

    /** As above, with {@code destinationOptions} on both destinations (e.g. {@code , breaker: off}). */
    static Gateway start(Path dir, URI amqpUrl, String routingKey, URI natsUrl, String subject, String routeOptions,
                         String destinationOptions) {
        return TestGateways.start(config(TestGateways.stripeGateway(dir) + """
                destinations:
                  ledger: { url: "%s", exchange: "", routing-key: "%s", timeout: 2s, retry: { max-attempts: 100, initial-delay: 50ms, max-delay: 300ms } %s }
                  audit:  { url: "%s", subject: "%s", timeout: 2s, retry: { max-attempts: 100, initial-delay: 50ms, max-delay: 300ms } %s }
                routes:
                  - { from: stripe, to: [ledger, audit] %s }
                delivery: { workers: 8, poll-interval: 100ms }
                """.formatted(amqpUrl, routingKey, destinationOptions, natsUrl, subject, destinationOptions, routeOptions)));
    }

    /** Posts a Stripe-signed event; returns the message id the gateway answered with. */
    static String post(Gateway gateway, String payload) throws Exception {
        var response = TestGateways.postStripe(gateway.port(), payload);
        if (response.statusCode() != 202) throw new AssertionError("ingest answered " + response.statusCode() + ": " + response.body());
        return JSON.readTree(response.body()).get("id").asText();
    }

    static String event(String id, String customer) {
        return "{\"id\":\"" + id + "\",\"object\":\"event\",\"type\":\"invoice.paid\",\"data\":{\"object\":{\"customer\":\"" + customer + "\"}}}";
    }

    /** The attempts of {@code messageId}'s delivery to {@code destination}, from the admin API. */
    static List<JsonNode> attempts(Gateway gateway, String messageId, String destination) throws Exception {
        JsonNode story = JSON.readTree(TestGateways.get(gateway.port(), "/api/v1/messages/" + messageId).body());
        List<JsonNode> attempts = new ArrayList<>();
        for (JsonNode d : story.get("deliveries")) {
            if (d.get("destination").asText().equals(destination)) d.get("attempts").forEach(attempts::add);
        }
        return attempts;
    }

    /** The state of {@code messageId}'s delivery to {@code destination}. */
    static String state(Gateway gateway, String messageId, String destination) throws Exception {
        JsonNode story = JSON.readTree(TestGateways.get(gateway.port(), "/api/v1/messages/" + messageId).body());
        for (JsonNode d : story.get("deliveries")) {
            if (d.get("destination").asText().equals(destination)) return d.get("state").asText();
        }
        return null;
    }
}
