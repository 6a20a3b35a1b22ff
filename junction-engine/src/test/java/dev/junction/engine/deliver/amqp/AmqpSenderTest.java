package dev.junction.engine.deliver.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.GetResponse;
import dev.junction.core.config.DestinationSpec;
import dev.junction.core.retry.DeliveryRefused;
import dev.junction.core.retry.OutcomeClass;
import dev.junction.core.retry.OutcomeClassifier;
import dev.junction.core.retry.RetryPolicy;
import dev.junction.core.verify.StandardWebhooksSigner;
import dev.junction.engine.brokers.RabbitQueue;
import dev.junction.engine.brokers.TcpProxy;
import dev.junction.engine.brokers.TestBrokers;
import dev.junction.engine.deliver.SendResult;
import dev.junction.store.ClaimedDelivery;
import dev.junction.store.StoredMessage;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The RabbitMQ sender against the machine's real broker: what arrives, and what each refusal comes back as. */
class AmqpSenderTest {

    static final byte[] BODY = "{\"id\":\"evt_1\",\"type\":\"invoice.paid\"}".getBytes(StandardCharsets.UTF_8);
    static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String SECRET = "whsec_" + java.util.Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));

    private RabbitQueue queue;
    private AmqpSender sender;

    @BeforeEach
    void start() {
        queue = new RabbitQueue("amqp-sender");
        sender = new AmqpSender(Clock.systemUTC());
    }

    @AfterEach
    void stop() throws Exception {
        if (sender != null) sender.close();
        if (queue != null) queue.close(); // null when the suite was skipped
    }

    static DestinationSpec destination(URI url, String exchange, String routingKey, Duration timeout) {
        return new DestinationSpec("ledger", url, timeout, RetryPolicy.DEFAULT, SECRET, Map.of("X-Tenant", "acme"),
                null, new DestinationSpec.Target.Amqp(exchange, routingKey));
    }

    static ClaimedDelivery delivery(String messageId) {
        StoredMessage message = new StoredMessage(messageId, "stripe", "evt_1", Instant.now(), "application/json; charset=utf-8",
                Map.of(), BODY, TRACE, "payment_intent.succeeded");
        return new ClaimedDelivery("dlv_" + messageId, "ledger", 0, Instant.now(), Instant.now().plusSeconds(60), message, null);
    }

    private DestinationSpec toQueue(Duration timeout) {
        return destination(TestBrokers.RABBITMQ_URL, "", queue.name(), timeout);
    }

    @Test
    void aConfirmedDeliveryArrivesPersistentWithItsIdHeadersAndBody() throws Exception {
        SendResult result = sender.send(delivery("msg_1"), toQueue(Duration.ofSeconds(5)));

        assertThat(result.error()).isNull();
        assertThat(result.acknowledged()).isTrue();
        List<GetResponse> got = queue.take(1, Duration.ofSeconds(5));
        assertThat(got).hasSize(1);
        GetResponse m = got.get(0);
        assertThat(m.getBody()).isEqualTo(BODY);
        assertThat(m.getProps().getDeliveryMode()).isEqualTo(2);
        assertThat(m.getProps().getMessageId()).isEqualTo("msg_1");
        assertThat(m.getProps().getContentType()).isEqualTo("application/json; charset=utf-8");
        Map<String, Object> headers = m.getProps().getHeaders();
        assertThat(String.valueOf(headers.get("webhook-id"))).isEqualTo("msg_1");
        long timestamp = Long.parseLong(String.valueOf(headers.get("webhook-timestamp")));
        assertThat(timestamp).isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(5L));
        assertThat(String.valueOf(headers.get("webhook-signature"))).isEqualTo(StandardWebhooksSigner.sign(SECRET, "msg_1", timestamp, BODY));
        assertThat(String.valueOf(headers.get("traceparent"))).matches("00-" + TRACE + "-[0-9a-f]{16}-01");
        assertThat(String.valueOf(headers.get("X-Tenant"))).isEqualTo("acme");
        assertThat(m.getProps().getType()).as("the event type as the AMQP type property").isEqualTo("payment_intent.succeeded");
        assertThat(String.valueOf(headers.get("webhook-event-type"))).isEqualTo("payment_intent.succeeded");
    }

    @Test
    void aMessageNoQueueTakesIsAFailedRetryableAttemptNeverASuccess() throws Exception {
        SendResult result = sender.send(delivery("msg_1"), destination(TestBrokers.RABBITMQ_URL, "", queue.name() + "-nobody", Duration.ofSeconds(5)));

        assertThat(result.acknowledged()).isFalse();
        assertThat(result.error()).isInstanceOf(DeliveryRefused.class);
        assertThat(OutcomeClassifier.errorKind(result.error())).isEqualTo("unroutable");
        assertThat(OutcomeClassifier.ofError(result.error())).isEqualTo(OutcomeClass.RETRYABLE);
        assertThat(result.error().getMessage()).contains("no queue is bound", "NO_ROUTE");
    }

    @Test
    void concurrentPublishesGetTheirOwnConfirmOrReturn() throws Exception {
        int n = 200;
        List<Future<SendResult>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < n; i++) {
                String key = i % 3 == 0 ? queue.name() + "-nobody" : queue.name();
                String id = "msg_" + i;
                results.add(pool.submit(() -> sender.send(delivery(id), destination(TestBrokers.RABBITMQ_URL, "", key, Duration.ofSeconds(10)))));
            }
        }
        int routed = 0;
        for (int i = 0; i < n; i++) {
            SendResult r = results.get(i).get();
            if (i % 3 == 0) {
                assertThat(OutcomeClassifier.errorKind(r.error())).as("msg_%d was unroutable", i).isEqualTo("unroutable");
            } else {
                assertThat(r.acknowledged()).as("msg_%d was routed: %s", i, r.error()).isTrue();
                routed++;
            }
        }
        List<GetResponse> got = queue.take(routed, Duration.ofSeconds(10));
        assertThat(got).hasSize(routed);
        assertThat(got).allSatisfy(m -> assertThat(Integer.parseInt(m.getProps().getMessageId().substring(4)) % 3).isNotZero());
    }

    @Test
    void aMissingExchangeIsAFailedAttemptAndLaterPublishesStillGo() throws Exception {
        SendResult missing = sender.send(delivery("msg_1"), destination(TestBrokers.RABBITMQ_URL, TestBrokers.uniqueName("no-such-exchange"),
                queue.name(), Duration.ofSeconds(5)));
        assertThat(OutcomeClassifier.errorKind(missing.error())).isEqualTo("no-exchange");
        assertThat(missing.error().getMessage()).contains("NOT_FOUND");
        assertThat(OutcomeClassifier.ofError(missing.error())).isEqualTo(OutcomeClass.RETRYABLE);

        assertThat(sender.send(delivery("msg_2"), toQueue(Duration.ofSeconds(5))).acknowledged()).isTrue();
        assertThat(queue.take(1, Duration.ofSeconds(5))).hasSize(1);
    }

    @Test
    void whileTheBrokerIsUnreachableAttemptsFailAndAfterItIsBackTheyAreConfirmed() throws Exception {
        try (TcpProxy proxy = new TcpProxy(TestBrokers.RABBITMQ_URL.getHost(), TestBrokers.RABBITMQ_URL.getPort())) {
            URI viaProxy = URI.create("amqp://guest:guest@127.0.0.1:" + proxy.port() + "/%2F");
            DestinationSpec destination = destination(viaProxy, "", queue.name(), Duration.ofSeconds(2));
            assertThat(sender.send(delivery("msg_1"), destination).acknowledged()).isTrue();

            proxy.cut();
            SendResult down = sender.send(delivery("msg_2"), destination);
            assertThat(down.acknowledged()).isFalse();
            assertThat(OutcomeClassifier.ofError(down.error())).isEqualTo(OutcomeClass.RETRYABLE);

            proxy.restore();
            // The client reconnects by itself; the retried attempt then goes through on the same shared connection.
            await().atMost(Duration.ofSeconds(20)).until(() -> sender.send(delivery("msg_2"), destination).acknowledged());
            List<GetResponse> got = queue.take(2, Duration.ofSeconds(5));
            assertThat(got).extracting(m -> m.getProps().getMessageId()).contains("msg_1", "msg_2");
        }
    }

    @Test
    void destinationsWithOneUrlShareOneConnectionWhichCloseCloses() throws Exception {
        try (TcpProxy proxy = new TcpProxy(TestBrokers.RABBITMQ_URL.getHost(), TestBrokers.RABBITMQ_URL.getPort());
             RabbitQueue other = new RabbitQueue("amqp-sender-other")) {
            URI viaProxy = URI.create("amqp://guest:guest@127.0.0.1:" + proxy.port() + "/%2F");
            List<Future<SendResult>> results = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
                for (int i = 0; i < 100; i++) {
                    String key = i % 2 == 0 ? queue.name() : other.name();
                    String id = "msg_" + i;
                    results.add(pool.submit(() -> sender.send(delivery(id), destination(viaProxy, "", key, Duration.ofSeconds(10)))));
                }
            }
            for (Future<SendResult> r : results) assertThat(r.get().acknowledged()).isTrue();
            assertThat(proxy.accepted()).as("connections opened to the broker").isEqualTo(1);

            sender.close();
            await().atMost(Duration.ofSeconds(5)).until(() -> proxy.open() == 0);
        }
    }

    @Test
    void theDestinationsTimeoutBoundsTheWaitForTheConfirm() throws Exception {
        try (TcpProxy proxy = new TcpProxy(TestBrokers.RABBITMQ_URL.getHost(), TestBrokers.RABBITMQ_URL.getPort())) {
            URI viaProxy = URI.create("amqp://guest:guest@127.0.0.1:" + proxy.port() + "/%2F");
            DestinationSpec destination = destination(viaProxy, "", queue.name(), Duration.ofMillis(500));
            assertThat(sender.send(delivery("msg_1"), destination).acknowledged()).isTrue();

            proxy.stall();
            SendResult stalled = sender.send(delivery("msg_2"), destination);
            assertThat(stalled.error()).isInstanceOf(TimeoutException.class).hasMessageContaining("no confirm");
            assertThat(OutcomeClassifier.ofError(stalled.error())).isEqualTo(OutcomeClass.RETRYABLE);
            proxy.restore();
        }
    }

    @Test
    void aBrokerThatHangsFailsEachAttemptWithinTheTimeoutNotTheClientsTenMinutes() throws Exception {
        try (TcpProxy proxy = new TcpProxy(TestBrokers.RABBITMQ_URL.getHost(), TestBrokers.RABBITMQ_URL.getPort())) {
            URI viaProxy = URI.create("amqp://guest:guest@127.0.0.1:" + proxy.port() + "/%2F");
            DestinationSpec destination = destination(viaProxy, "", queue.name(), Duration.ofMillis(500));
            assertThat(sender.send(delivery("msg_1"), destination).acknowledged()).isTrue();

            proxy.stall();
            // The first attempt's channel timed out waiting for its confirm and is dropped; the next attempts must open
            // a channel, a request the hung broker never answers: the client would wait 10 minutes for each.
            SendResult[] attempts = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60),
                    () -> new SendResult[] {sender.send(delivery("msg_2"), destination), sender.send(delivery("msg_3"), destination),
                            sender.send(delivery("msg_4"), destination)});
            for (SendResult attempt : attempts) {
                assertThat(attempt.acknowledged()).isFalse();
                assertThat(OutcomeClassifier.ofError(attempt.error())).isEqualTo(OutcomeClass.RETRYABLE);
            }
            assertThat(attempts[1].error()).hasMessageNotContaining("guest");

            proxy.restore();
            await().atMost(Duration.ofSeconds(30)).until(() -> sender.send(delivery("msg_5"), destination).acknowledged());
            // The hung attempts' bytes may reach the broker once it answers again: at least once, as a timeout always means.
            List<String> ids = new ArrayList<>();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                queue.take(1, Duration.ofMillis(200)).forEach(m -> ids.add(m.getProps().getMessageId()));
                return ids.contains("msg_5");
            });
            assertThat(ids).contains("msg_1");
        }
    }

    @Test
    void aServerThatNeverFinishesTheHandshakeIsNamedAsSuchNotAsAMissingConfirm() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                List<java.net.Socket> held = new ArrayList<>(); // accepted, never answered
                try {
                    while (true) held.add(silent.accept());
                } catch (java.io.IOException closed) {
                    held.forEach(s -> { try { s.close(); } catch (java.io.IOException ignored) { } });
                }
            });
            URI url = URI.create("amqp://guest:guest@127.0.0.1:" + silent.getLocalPort() + "/%2F");
            SendResult attempt = sender.send(delivery("msg_1"), destination(url, "", queue.name(), Duration.ofMillis(700)));

            assertThat(attempt.error()).isInstanceOf(TimeoutException.class)
                    .hasMessage("no answer from the broker at amqp://***@127.0.0.1:" + silent.getLocalPort()
                            + "/%2F to the connection handshake within 700 ms (is it RabbitMQ, and is it up?)");
            assertThat(OutcomeClassifier.ofError(attempt.error())).isEqualTo(OutcomeClass.RETRYABLE);
        }
    }

    @Test
    void theUrlsPasswordIsInNoError() {
        URI wrong = URI.create("amqp://guest:Wr0ng-s3cret@127.0.0.1:" + TestBrokers.RABBITMQ_URL.getPort() + "/%2F");
        SendResult refused = sender.send(delivery("msg_1"), destination(wrong, "", queue.name(), Duration.ofSeconds(5)));
        assertThat(refused.acknowledged()).isFalse();
        assertThat(OutcomeClassifier.errorKind(refused.error())).isEqualTo("auth");
        assertThat(String.valueOf(refused.error())).doesNotContain("Wr0ng-s3cret");

        URI badUserInfo = URI.create("amqp://guest:Wr0ng:s3cret@127.0.0.1:1/%2F");
        SendResult unusable = sender.send(delivery("msg_1"), destination(badUserInfo, "", queue.name(), Duration.ofSeconds(5)));
        assertThat(unusable.error()).isNotNull();
        assertThat(String.valueOf(unusable.error())).doesNotContain("Wr0ng", "s3cret");
    }
}
