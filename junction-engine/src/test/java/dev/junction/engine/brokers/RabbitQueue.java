package dev.junction.engine.brokers;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A uniquely named, durable queue on the test RabbitMQ, deleted on close; read with basic.get. */
public final class RabbitQueue implements AutoCloseable {

    private final Connection connection;
    private final Channel channel;
    private final String name;

    /** A queue named {@code prefix} and a unique suffix. */
    public RabbitQueue(String prefix) {
        this(TestBrokers.uniqueName(prefix), true);
    }

    /** A queue of exactly this name (e.g. one a destination already publishes to). */
    public static RabbitQueue named(String name) {
        return new RabbitQueue(name, true);
    }

    private RabbitQueue(String name, boolean durable) {
        this.name = name;
        var factory = TestBrokers.rabbitFactory(); // skips the test (or fails it in CI) when there is no RabbitMQ
        try {
            connection = factory.newConnection("junction-test");
            channel = connection.createChannel();
            channel.queueDeclare(name, durable, false, false, null);
        } catch (Exception e) {
            throw new IllegalStateException("cannot declare test queue " + name + ": " + e.getMessage(), e);
        }
    }

    public String name() {
        return name;
    }

    /** Waits up to {@code within} for {@code count} messages, acknowledging each; returns what arrived, in queue order. */
    public List<GetResponse> take(int count, Duration within) throws Exception {
        List<GetResponse> got = new ArrayList<>();
        long until = System.nanoTime() + within.toNanos();
        while (got.size() < count && System.nanoTime() < until) {
            GetResponse r = channel.basicGet(name, true);
            if (r == null) Thread.sleep(20);
            else got.add(r);
        }
        return got;
    }

    /** How many messages are ready in the queue now. */
    public long ready() throws Exception {
        return channel.messageCount(name);
    }

    @Override
    public void close() throws Exception {
        try {
            channel.queueDelete(name);
        } finally {
            connection.close();
        }
    }
}
