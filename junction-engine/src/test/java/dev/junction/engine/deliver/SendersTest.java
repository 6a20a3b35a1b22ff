package dev.junction.engine.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.config.DestinationSpec;
import dev.junction.core.retry.OutcomeClass;
import dev.junction.core.retry.OutcomeClassifier;
import dev.junction.core.retry.RetryPolicy;
import dev.junction.store.ClaimedDelivery;
import dev.junction.store.StoredMessage;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Senders for every kind in use, made without connecting: a gateway starts while its brokers are down. */
class SendersTest {

    @Test
    void brokerKindsStartWithoutTheirBrokerAndFailRetryablyUntilItIsThere() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        DestinationSpec ledger = new DestinationSpec("ledger", URI.create("amqp://guest:guest@127.0.0.1:" + closed + "/%2F"),
                Duration.ofSeconds(2), RetryPolicy.DEFAULT, null, Map.of(), null, new DestinationSpec.Target.Amqp("", "ledger"));
        DestinationSpec audit = new DestinationSpec("audit", URI.create("nats://127.0.0.1:" + closed), Duration.ofSeconds(2),
                RetryPolicy.DEFAULT, null, Map.of(), null, new DestinationSpec.Target.Nats("audit.payments"));
        StoredMessage message = new StoredMessage("msg_1", "stripe", "evt_1", Instant.now(), "application/json", Map.of(), "{}".getBytes(), null, null);
        ClaimedDelivery delivery = new ClaimedDelivery("dlv_1", "ledger", 0, Instant.now(), Instant.now().plusSeconds(60), message, null);

        try (Senders senders = Senders.forDestinations(List.of(ledger, audit), Clock.systemUTC())) {
            for (DestinationSpec d : List.of(ledger, audit)) {
                SendResult result = senders.send(delivery, d);
                assertThat(result.acknowledged()).as(d.name()).isFalse();
                assertThat(OutcomeClassifier.ofError(result.error())).as(d.name() + ": " + result.error()).isEqualTo(OutcomeClass.RETRYABLE);
            }
        }
    }
}
