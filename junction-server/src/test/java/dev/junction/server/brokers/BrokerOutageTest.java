package dev.junction.server.brokers;

import static dev.junction.server.brokers.BrokerGateways.attempts;
import static dev.junction.server.brokers.BrokerGateways.event;
import static dev.junction.server.brokers.BrokerGateways.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.GetResponse;
import dev.junction.engine.brokers.JetStreamStream;
import dev.junction.engine.brokers.RabbitQueue;
import dev.junction.engine.brokers.TcpProxy;
import dev.junction.engine.brokers.TestBrokers;
import dev.junction.server.Gateway;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker that goes away and comes back, without stopping the machine's brokers: a TCP proxy between the
 * gateway and each broker is cut, events keep arriving, their attempts fail and are retried, and once the
 * proxy lets traffic through again every acknowledged event reaches the queue and the stream.
 */
class BrokerOutageTest {

    @TempDir
    Path dir;

    @Test
    void eventsAcceptedWhileTheBrokersAreUnreachableAreAllDeliveredOnceTheyAreBack() throws Exception {
        URI rabbit = TestBrokers.RABBITMQ_URL;
        URI nats = TestBrokers.NATS_URL;
        TestBrokers.requireRabbitMq();
        TestBrokers.requireNats();
        try (RabbitQueue queue = new RabbitQueue("outage-ledger"); JetStreamStream stream = new JetStreamStream("outage-audit");
             TcpProxy rabbitProxy = new TcpProxy(rabbit.getHost(), rabbit.getPort());
             TcpProxy natsProxy = new TcpProxy(nats.getHost(), nats.getPort())) {
            URI viaRabbitProxy = URI.create("amqp://" + rabbit.getRawUserInfo() + "@127.0.0.1:" + rabbitProxy.port() + rabbit.getRawPath());
            URI viaNatsProxy = URI.create("nats://127.0.0.1:" + natsProxy.port());
            // No breaker: its opening (as it should, here) would hold the deliveries back without attempts.
            Gateway gateway = BrokerGateways.start(dir, viaRabbitProxy, queue.name(), viaNatsProxy, stream.subject("payments"), "",
                    ", breaker: off");
            try {
                List<String> accepted = new ArrayList<>();
                accepted.add(post(gateway, event("evt_outage_before", "cus_1")));
                await().atMost(Duration.ofSeconds(15)).until(() -> stream.count() == 1 && queue.ready() == 1);

                rabbitProxy.cut();
                natsProxy.cut();
                for (int i = 0; i < 20; i++) accepted.add(post(gateway, event("evt_outage_" + i, "cus_" + i)));
                String last = accepted.getLast();
                // Each kind has failed (and scheduled a retry of) the last event at least twice while down.
                await().atMost(Duration.ofSeconds(30)).until(() -> attempts(gateway, last, "ledger").size() >= 2
                        && attempts(gateway, last, "audit").size() >= 2);
                assertThat(attempts(gateway, last, "ledger")).allSatisfy(a -> assertThat(a.get("outcome").asText()).isEqualTo("RETRYABLE"));
                assertThat(attempts(gateway, last, "audit")).allSatisfy(a -> assertThat(a.get("outcome").asText()).isEqualTo("RETRYABLE"));

                rabbitProxy.restore();
                natsProxy.restore();
                await().atMost(Duration.ofSeconds(60)).until(() -> stream.count() >= accepted.size());
                // At least once: a publish RabbitMQ took but whose confirm was lost in the cut is sent again, so the queue
                // may hold an id twice; take until every accepted id is there (counting messages stopped one short).
                Set<String> inQueue = new HashSet<>();
                long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (!inQueue.containsAll(accepted) && System.nanoTime() < until) {
                    for (GetResponse m : queue.take(1, Duration.ofSeconds(1))) inQueue.add(m.getProps().getMessageId());
                }
                assertThat(inQueue).as("every accepted event reached RabbitMQ").containsAll(accepted);
                Set<String> inStream = new HashSet<>();
                stream.messages().forEach(m -> inStream.add(m.getHeaders().getFirst("Nats-Msg-Id")));
                assertThat(inStream).as("every accepted event reached JetStream").containsAll(accepted);
                assertThat(stream.count()).as("JetStream dropped any resend of one message id").isEqualTo(accepted.size());
            } finally {
                gateway.close();
            }
        }
    }
}
