package dev.junction.engine.deliver.amqp;

import com.rabbitmq.client.AMQP;
import dev.junction.core.config.DestinationSpec;
import dev.junction.core.config.DestinationSpec.Target;
import dev.junction.core.retry.DeliveryRefused;
import dev.junction.engine.deliver.DeliveryHeaders;
import dev.junction.engine.deliver.SendResult;
import dev.junction.engine.deliver.Sender;
import dev.junction.store.ClaimedDelivery;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a delivery to RabbitMQ (amqp://, amqps://): persistent (delivery mode 2) and mandatory, on a
 * channel in confirm mode, and succeeds only on the broker's confirm. A message the broker cannot route
 * (basic.return) or nacks is a failed attempt, retried like a 503: never a silent success (ADR 0017).
 *
 * <p>The AMQP message-id is the {@code webhook-id}; the content type, timestamp and every delivery header
 * ({@link DeliveryHeaders}: webhook-id, webhook-timestamp, webhook-signature, traceparent, the
 * destination's own) go with it. The destination's timeout bounds the wait for the confirm.
 */
public final class AmqpSender implements Sender {

    private static final Logger log = LoggerFactory.getLogger(AmqpSender.class);

    private final Clock clock;
    /** One broker (connection and channel pool) per URL, credentials included. */
    private final Map<URI, AmqpBroker> brokers = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public AmqpSender(Clock clock) {
        this.clock = clock;
    }

    @Override
    public SendResult send(ClaimedDelivery delivery, DestinationSpec destination) {
        if (!(destination.target() instanceof Target.Amqp target)) {
            return SendResult.failure(new IllegalArgumentException("destination '" + destination.name() + "' has no exchange and routing key"));
        }
        Duration timeout = destination.timeout();
        ConfirmChannel channel = null;
        boolean reusable = false;
        AmqpBroker broker = null;
        try {
            broker = broker(destination);
            channel = broker.borrow();
            channel.publish(target.exchange(), target.routingKey(), properties(delivery, destination), delivery.message().body(), timeout);
            reusable = true;
            return SendResult.acknowledged("confirmed by the broker (" + ConfirmChannel.describe(target.exchange())
                    + ", routing key '" + target.routingKey() + "')");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SendResult.failure(e);
        } catch (DeliveryRefused e) {
            // Routing and nacks are per message: the channel is as good as before.
            reusable = true;
            return SendResult.failure(e);
        } catch (Exception e) {
            // A timeout leaves a confirm outstanding on the channel, and a closed channel is of no use: neither goes back.
            Throwable failure = AmqpErrors.of(e, destination.url(), timeout);
            String blocked = broker == null ? null : broker.blocked();
            if (failure instanceof java.util.concurrent.TimeoutException && blocked != null) {
                failure = new java.util.concurrent.TimeoutException(failure.getMessage() + " (the broker blocks publishing: " + blocked + ")");
            }
            return SendResult.failure(failure);
        } finally {
            if (channel != null) {
                if (reusable) broker.giveBack(channel);
                else channel.discard();
            }
        }
    }

    private AmqpBroker broker(DestinationSpec destination) {
        if (closed) throw new IllegalStateException("the RabbitMQ sender is closed");
        return brokers.computeIfAbsent(destination.url(), url -> new AmqpBroker(url, destination.timeout()));
    }

    private AMQP.BasicProperties properties(ClaimedDelivery delivery, DestinationSpec destination) {
        long timestamp = clock.instant().getEpochSecond();
        Map<String, Object> headers = new LinkedHashMap<>(DeliveryHeaders.of(delivery, destination, timestamp));
        return new AMQP.BasicProperties.Builder()
                .deliveryMode(2)
                .messageId(delivery.message().id())
                .contentType(DeliveryHeaders.contentType(delivery))
                .type(delivery.message().eventType())
                .timestamp(new Date(timestamp * 1000))
                .appId("junction")
                .headers(headers)
                .build();
    }

    @Override
    public void close() {
        closed = true;
        for (AmqpBroker broker : brokers.values()) {
            try {
                broker.close();
            } catch (RuntimeException e) {
                log.warn("could not close a RabbitMQ connection: {}", e.getMessage());
            }
        }
        brokers.clear();
    }
}
