package dev.junction.engine.deliver.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Return;
import dev.junction.core.retry.DeliveryRefused;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * One channel in confirm mode, used by one publish at a time. That is what ties a {@code basic.return}
 * to its message: the broker sends the return before the confirm of the same message on the same
 * channel, and nothing else is published on the channel meanwhile, so a return seen before the
 * confirm is this message's (its message-id is checked as well).
 */
final class ConfirmChannel {

    private final Channel channel;
    private volatile String publishing;
    private volatile Return returned;

    ConfirmChannel(Channel channel) throws IOException {
        this.channel = channel;
        channel.confirmSelect();
        channel.addReturnListener(r -> {
            String id = r.getProperties() == null ? null : r.getProperties().getMessageId();
            if (id != null && id.equals(publishing)) returned = r;
        });
    }

    /**
     * Publishes persistent and mandatory, and waits for the broker's confirm.
     *
     * @throws DeliveryRefused  the broker could not route the message (basic.return) or nacked it
     * @throws TimeoutException no confirm within {@code timeout}; the channel must not be used again,
     *                          as its confirm may still come
     */
    void publish(String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body, Duration timeout)
            throws IOException, InterruptedException, TimeoutException, DeliveryRefused {
        returned = null;
        publishing = properties.getMessageId();
        try {
            channel.basicPublish(exchange, routingKey, true, properties, body);
            boolean acked = channel.waitForConfirms(Math.max(1, timeout.toMillis()));
            Return r = returned;
            if (r != null) {
                throw new DeliveryRefused("unroutable", "the broker could not route the message: no queue is bound to "
                        + describe(exchange) + " with routing key '" + routingKey + "' (basic.return " + r.getReplyCode()
                        + " " + r.getReplyText() + ")", false);
            }
            if (!acked) {
                throw new DeliveryRefused("nack", "the broker nacked the message (e.g. a queue at its length limit "
                        + "with overflow reject-publish)", false);
            }
        } finally {
            publishing = null;
        }
    }

    boolean isOpen() {
        return channel.isOpen();
    }

    /**
     * Closes the channel in the background: closing waits for the broker's close-ok, and a broker that
     * let a confirm time out may not answer that either, while the attempt must end within its timeout.
     */
    void discard() {
        // A channel the broker closed only has to be forgotten by the client: that does not wait.
        if (!channel.isOpen()) abort();
        else Thread.ofVirtual().name("amqp-channel-close").start(this::abort);
    }

    private void abort() {
        try {
            channel.abort();
        } catch (IOException | RuntimeException ignored) {
            // already closed, or the connection is down: nothing to give back
        }
    }

    static String describe(String exchange) {
        return exchange.isEmpty() ? "the default exchange" : "exchange '" + exchange + "'";
    }
}
