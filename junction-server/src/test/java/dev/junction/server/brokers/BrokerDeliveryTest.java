package dev.junction.server.brokers;

import static dev.junction.server.brokers.BrokerGateways.attempts;
import static dev.junction.server.brokers.BrokerGateways.event;
import static dev.junction.server.brokers.BrokerGateways.post;
import static dev.junction.server.brokers.BrokerGateways.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.GetResponse;
import dev.junction.engine.brokers.JetStreamStream;
import dev.junction.engine.brokers.RabbitQueue;
import dev.junction.engine.brokers.TestBrokers;
import dev.junction.server.Gateway;
import io.nats.client.api.MessageInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Through the real gateway over HTTP: a Stripe-signed event in, the message consumed from a RabbitMQ
 * queue and from a JetStream stream, with its id and headers; refusals recorded as retryable attempts
 * that go through once the broker can take the message; an ordering key honoured end to end.
 */
class BrokerDeliveryTest {

    @TempDir
    Path dir;

    private RabbitQueue queue;
    private JetStreamStream stream;
    private Gateway gateway;

    @BeforeEach
    void brokers() {
        queue = new RabbitQueue("gateway-ledger");
        stream = new JetStreamStream("gateway-audit");
    }

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) gateway.close();
        if (queue != null) queue.close(); // null when the suite was skipped
        if (stream != null) stream.close();
    }

    @Test
    void aStripeEventIsConsumedFromRabbitMqAndFromAJetStreamStream() throws Exception {
        gateway = BrokerGateways.start(dir, TestBrokers.RABBITMQ_URL, queue.name(), TestBrokers.NATS_URL, stream.subject("payments"), "");
        String payload = event("evt_broker_1", "cus_1");
        String messageId = post(gateway, payload);

        List<GetResponse> consumed = queue.take(1, Duration.ofSeconds(15));
        assertThat(consumed).hasSize(1);
        GetResponse fromRabbit = consumed.get(0);
        assertThat(new String(fromRabbit.getBody(), StandardCharsets.UTF_8)).isEqualTo(payload);
        assertThat(fromRabbit.getProps().getMessageId()).isEqualTo(messageId);
        assertThat(fromRabbit.getProps().getDeliveryMode()).isEqualTo(2);
        assertThat(fromRabbit.getProps().getContentType()).startsWith("application/json");
        assertThat(String.valueOf(fromRabbit.getProps().getHeaders().get("webhook-id"))).isEqualTo(messageId);
        long rabbitTimestamp = Long.parseLong(String.valueOf(fromRabbit.getProps().getHeaders().get("webhook-timestamp")));
        // TestGateways' destinations are unsigned; the header is only there with a secret (checked in the sender tests).
        assertThat(fromRabbit.getProps().getHeaders()).doesNotContainKey("webhook-signature");
        assertThat(String.valueOf(fromRabbit.getProps().getHeaders().get("traceparent"))).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
        assertThat(rabbitTimestamp).isPositive();

        await().atMost(Duration.ofSeconds(15)).until(() -> stream.count() == 1);
        MessageInfo fromNats = stream.messages().get(0);
        assertThat(new String(fromNats.getData(), StandardCharsets.UTF_8)).isEqualTo(payload);
        assertThat(fromNats.getHeaders().getFirst("Nats-Msg-Id")).isEqualTo(messageId);
        assertThat(fromNats.getHeaders().getFirst("webhook-id")).isEqualTo(messageId);

        await().atMost(Duration.ofSeconds(10)).until(() -> "SUCCEEDED".equals(state(gateway, messageId, "ledger"))
                && "SUCCEEDED".equals(state(gateway, messageId, "audit")));
        assertThat(attempts(gateway, messageId, "ledger")).singleElement()
                .satisfies(a -> assertThat(a.get("responseExcerpt").asText()).startsWith("confirmed by the broker"));
        assertThat(attempts(gateway, messageId, "audit")).singleElement()
                .satisfies(a -> assertThat(a.get("responseExcerpt").asText()).startsWith("stored: stream '" + stream.name() + "'"));
    }

    @Test
    void refusalsAreRetryableAttemptsThatGoThroughOnceTheBrokerCanTakeTheMessage() throws Exception {
        String routingKey = TestBrokers.uniqueName("not-yet-declared");
        String subject = TestBrokers.uniqueName("not-yet-captured") + ".payments";
        gateway = BrokerGateways.start(dir, TestBrokers.RABBITMQ_URL, routingKey, TestBrokers.NATS_URL, subject, "");
        String messageId = post(gateway, event("evt_broker_2", "cus_1"));

        await().atMost(Duration.ofSeconds(15)).until(() -> attempts(gateway, messageId, "ledger").size() >= 2
                && attempts(gateway, messageId, "audit").size() >= 2);
        JsonNode unroutable = attempts(gateway, messageId, "ledger").get(0);
        assertThat(unroutable.get("outcome").asText()).isEqualTo("RETRYABLE");
        assertThat(unroutable.get("error").asText()).startsWith("unroutable: ").contains(routingKey);
        JsonNode noStream = attempts(gateway, messageId, "audit").get(0);
        assertThat(noStream.get("outcome").asText()).isEqualTo("RETRYABLE");
        assertThat(noStream.get("error").asText()).isEqualTo("no-stream: no JetStream stream captures subject '" + subject + "'");
        assertThat(state(gateway, messageId, "ledger")).isNotEqualTo("SUCCEEDED");

        // The queue and the stream appear: the next retries are taken.
        try (RabbitQueue late = RabbitQueue.named(routingKey); JetStreamStream lateStream = JetStreamStream.capturing(subject)) {
            await().atMost(Duration.ofSeconds(15)).until(() -> "SUCCEEDED".equals(state(gateway, messageId, "ledger"))
                    && "SUCCEEDED".equals(state(gateway, messageId, "audit")));
            assertThat(late.take(1, Duration.ofSeconds(5))).extracting(m -> m.getProps().getMessageId()).containsExactly(messageId);
            assertThat(lateStream.count()).isEqualTo(1);
        }
    }

    @Test
    void deliveriesWithOneOrderingKeyAreConsumedInTheOrderTheyArrived() throws Exception {
        gateway = BrokerGateways.start(dir, TestBrokers.RABBITMQ_URL, queue.name(), TestBrokers.NATS_URL, stream.subject("payments"),
                ", ordering-key: { json-pointer: /data/object/customer }");
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 40; i++) sent.add(post(gateway, event("evt_order_" + i, i % 2 == 0 ? "cus_even" : "cus_odd")));

        List<GetResponse> consumed = queue.take(sent.size(), Duration.ofSeconds(30));
        assertThat(consumed).hasSize(sent.size());
        List<String> rabbitOrder = consumed.stream().map(m -> m.getProps().getMessageId()).toList();
        await().atMost(Duration.ofSeconds(30)).until(() -> stream.count() == sent.size());
        List<String> natsOrder = stream.messages().stream().map(m -> m.getHeaders().getFirst("Nats-Msg-Id")).toList();
        for (String customer : List.of("even", "odd")) {
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < sent.size(); i++) if ((i % 2 == 0) == customer.equals("even")) expected.add(sent.get(i));
            assertThat(rabbitOrder.stream().filter(expected::contains).toList()).as("RabbitMQ, cus_" + customer).isEqualTo(expected);
            assertThat(natsOrder.stream().filter(expected::contains).toList()).as("JetStream, cus_" + customer).isEqualTo(expected);
        }
    }
}
