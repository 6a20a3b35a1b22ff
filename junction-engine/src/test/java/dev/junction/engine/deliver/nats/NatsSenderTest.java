package dev.junction.engine.deliver.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.junction.core.config.DestinationSpec;
import dev.junction.core.retry.DeliveryRefused;
import dev.junction.core.retry.OutcomeClass;
import dev.junction.core.retry.OutcomeClassifier;
import dev.junction.core.retry.RetryPolicy;
import dev.junction.core.verify.StandardWebhooksSigner;
import dev.junction.engine.brokers.JetStreamStream;
import dev.junction.engine.brokers.TcpProxy;
import dev.junction.engine.brokers.TestBrokers;
import dev.junction.engine.deliver.SendResult;
import dev.junction.store.ClaimedDelivery;
import dev.junction.store.StoredMessage;
import io.nats.client.api.MessageInfo;
import io.nats.client.impl.Headers;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The NATS JetStream sender against the machine's real server: what is stored, dedupe, and each refusal. */
class NatsSenderTest {

    static final byte[] BODY = "{\"id\":\"evt_1\",\"type\":\"invoice.paid\"}".getBytes(StandardCharsets.UTF_8);
    static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String SECRET = "whsec_" + java.util.Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));

    private JetStreamStream stream;
    private NatsSender sender;

    @BeforeEach
    void start() {
        stream = new JetStreamStream("nats-sender");
        sender = new NatsSender(Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        if (sender != null) sender.close();
        if (stream != null) stream.close(); // null when the suite was skipped
    }

    static DestinationSpec destination(URI url, String subject, Duration timeout) {
        return new DestinationSpec("audit", url, timeout, RetryPolicy.DEFAULT, SECRET, Map.of("X-Tenant", "acme"),
                null, new DestinationSpec.Target.Nats(subject));
    }

    static ClaimedDelivery delivery(String messageId) {
        StoredMessage message = new StoredMessage(messageId, "stripe", "evt_1", Instant.now(), "application/json; charset=utf-8",
                Map.of(), BODY, TRACE, "payment_intent.succeeded");
        return new ClaimedDelivery("dlv_" + messageId, "audit", 0, Instant.now(), Instant.now().plusSeconds(60), message, null);
    }

    private DestinationSpec toStream(Duration timeout) {
        return destination(TestBrokers.NATS_URL, stream.subject("payments"), timeout);
    }

    @Test
    void aStoredDeliveryCarriesItsIdAsNatsMsgIdWithTheHeadersAndBody() throws Exception {
        SendResult result = sender.send(delivery("msg_1"), toStream(Duration.ofSeconds(5)));

        assertThat(result.error()).isNull();
        assertThat(result.acknowledged()).isTrue();
        assertThat(result.excerpt()).startsWith("stored: stream '" + stream.name() + "' sequence 1");
        List<MessageInfo> stored = stream.messages();
        assertThat(stored).hasSize(1);
        MessageInfo m = stored.get(0);
        assertThat(m.getSubject()).isEqualTo(stream.subject("payments"));
        assertThat(m.getData()).isEqualTo(BODY);
        Headers h = m.getHeaders();
        assertThat(h.getFirst("Nats-Msg-Id")).isEqualTo("msg_1");
        assertThat(h.getFirst("webhook-id")).isEqualTo("msg_1");
        long timestamp = Long.parseLong(h.getFirst("webhook-timestamp"));
        assertThat(h.getFirst("webhook-signature")).isEqualTo(StandardWebhooksSigner.sign(SECRET, "msg_1", timestamp, BODY));
        assertThat(h.getFirst("traceparent")).matches("00-" + TRACE + "-[0-9a-f]{16}-01");
        assertThat(h.getFirst("Content-Type")).isEqualTo("application/json; charset=utf-8");
        assertThat(h.getFirst("X-Tenant")).isEqualTo("acme");
        assertThat(h.getFirst("webhook-event-type")).isEqualTo("payment_intent.succeeded");
    }

    @Test
    void aResendOfTheSameMessageIsDroppedByJetStreamAndCountsAsDelivered() throws Exception {
        assertThat(sender.send(delivery("msg_1"), toStream(Duration.ofSeconds(5))).acknowledged()).isTrue();
        SendResult again = sender.send(delivery("msg_1"), toStream(Duration.ofSeconds(5)));

        assertThat(again.acknowledged()).isTrue();
        assertThat(again.excerpt()).startsWith("duplicate");
        assertThat(stream.count()).isEqualTo(1);
        assertThat(sender.send(delivery("msg_2"), toStream(Duration.ofSeconds(5))).excerpt()).startsWith("stored");
        assertThat(stream.count()).isEqualTo(2);
    }

    @Test
    void aSubjectNoStreamCapturesIsAFailedRetryableAttemptThatSaysSo() {
        String subject = TestBrokers.uniqueName("nobody") + ".payments";
        SendResult result = sender.send(delivery("msg_1"), destination(TestBrokers.NATS_URL, subject, Duration.ofSeconds(5)));

        assertThat(result.acknowledged()).isFalse();
        assertThat(result.error()).isInstanceOf(DeliveryRefused.class)
                .hasMessage("no JetStream stream captures subject '" + subject + "'");
        assertThat(OutcomeClassifier.errorKind(result.error())).isEqualTo("no-stream");
        assertThat(OutcomeClassifier.ofError(result.error())).isEqualTo(OutcomeClass.RETRYABLE);
    }

    @Test
    void aServerDownFromTheStartIsOneWarningNotOnePerAttemptAndItsComingBackIsSaid() throws Exception {
        ch.qos.logback.classic.Logger brokerLog = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(NatsBroker.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged = new ch.qos.logback.core.read.ListAppender<>();
        ch.qos.logback.classic.Level level = brokerLog.getLevel();
        brokerLog.setLevel(ch.qos.logback.classic.Level.INFO);
        logged.start();
        brokerLog.addAppender(logged);
        try (TcpProxy proxy = new TcpProxy(TestBrokers.NATS_URL.getHost(), TestBrokers.NATS_URL.getPort())) {
            proxy.cut();
            DestinationSpec destination = destination(URI.create("nats://127.0.0.1:" + proxy.port()), stream.subject("payments"), Duration.ofSeconds(2));
            for (int i = 1; i <= 5; i++) assertThat(sender.send(delivery("msg_" + i), destination).acknowledged()).isFalse();

            assertThat(logged.list).filteredOn(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN).singleElement()
                    .satisfies(e -> assertThat(e.getFormattedMessage()).startsWith("NATS at nats://127.0.0.1:" + proxy.port() + " unreachable: ")
                            .endsWith("; each delivery attempt tries again"));

            proxy.restore();
            await().atMost(Duration.ofSeconds(20)).until(() -> sender.send(delivery("msg_6"), destination).acknowledged());
            assertThat(logged.list).filteredOn(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN).hasSize(1);
            assertThat(logged.list).extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                    .contains("connected to NATS at nats://127.0.0.1:" + proxy.port() + " (it was unreachable until now)");

            // Once connected, losing the server is said again, once.
            proxy.cut();
            await().atMost(Duration.ofSeconds(10)).until(() -> logged.list.stream()
                    .anyMatch(e -> e.getFormattedMessage().startsWith("connection to NATS at nats://127.0.0.1:" + proxy.port() + " lost")));
        } finally {
            brokerLog.detachAppender(logged);
            brokerLog.setLevel(level);
        }
    }

    @Test
    void whileTheServerIsUnreachableAttemptsFailAndAfterItIsBackTheyAreStored() throws Exception {
        try (TcpProxy proxy = new TcpProxy(TestBrokers.NATS_URL.getHost(), TestBrokers.NATS_URL.getPort())) {
            DestinationSpec destination = destination(URI.create("nats://127.0.0.1:" + proxy.port()), stream.subject("payments"), Duration.ofSeconds(2));
            assertThat(sender.send(delivery("msg_1"), destination).acknowledged()).isTrue();

            proxy.cut();
            // The client may not have noticed yet: the first attempts may time out rather than fail at once.
            await().atMost(Duration.ofSeconds(10)).until(() -> !sender.send(delivery("msg_2"), destination).acknowledged());
            SendResult down = sender.send(delivery("msg_2"), destination);
            assertThat(down.acknowledged()).isFalse();
            assertThat(OutcomeClassifier.ofError(down.error())).isEqualTo(OutcomeClass.RETRYABLE);

            proxy.restore();
            await().atMost(Duration.ofSeconds(20)).until(() -> sender.send(delivery("msg_2"), destination).acknowledged());
            assertThat(stream.messages()).extracting(m -> m.getHeaders().getFirst("Nats-Msg-Id")).containsExactly("msg_1", "msg_2");
        }
    }

    @Test
    void destinationsWithOneUrlShareOneConnectionWhichCloseCloses() throws Exception {
        try (TcpProxy proxy = new TcpProxy(TestBrokers.NATS_URL.getHost(), TestBrokers.NATS_URL.getPort())) {
            URI viaProxy = URI.create("nats://127.0.0.1:" + proxy.port());
            for (int i = 0; i < 20; i++) {
                String subject = stream.subject(i % 2 == 0 ? "payments" : "refunds");
                assertThat(sender.send(delivery("msg_" + i), destination(viaProxy, subject, Duration.ofSeconds(5))).acknowledged()).isTrue();
            }
            assertThat(proxy.accepted()).as("connections opened to the server").isEqualTo(1);

            sender.close();
            await().atMost(Duration.ofSeconds(5)).until(() -> proxy.open() == 0);
        }
    }

    @Test
    void theDestinationsTimeoutBoundsTheWaitForThePubAck() throws Exception {
        try (TcpProxy proxy = new TcpProxy(TestBrokers.NATS_URL.getHost(), TestBrokers.NATS_URL.getPort())) {
            DestinationSpec destination = destination(URI.create("nats://127.0.0.1:" + proxy.port()), stream.subject("payments"), Duration.ofMillis(500));
            assertThat(sender.send(delivery("msg_1"), destination).acknowledged()).isTrue();

            proxy.stall();
            SendResult stalled = sender.send(delivery("msg_2"), destination);
            assertThat(stalled.error()).isInstanceOf(TimeoutException.class).hasMessageContaining("no PubAck");
            assertThat(OutcomeClassifier.ofError(stalled.error())).isEqualTo(OutcomeClass.RETRYABLE);
            proxy.restore();
        }
    }

    @Test
    void theUrlsPasswordIsInNoError() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        URI url = URI.create("nats://audit:N4ts-s3cret@127.0.0.1:" + closedPort);
        SendResult result = sender.send(delivery("msg_1"), destination(url, stream.subject("payments"), Duration.ofSeconds(2)));

        assertThat(result.acknowledged()).isFalse();
        assertThat(OutcomeClassifier.ofError(result.error())).isEqualTo(OutcomeClass.RETRYABLE);
        assertThat(String.valueOf(result.error())).doesNotContain("N4ts-s3cret");
    }
}
