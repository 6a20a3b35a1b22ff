package dev.junction.engine.brokers;

import com.rabbitmq.client.ConnectionFactory;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;

/**
 * The machine's real brokers for tests: RabbitMQ from JUNCTION_RABBITMQ_URL (default
 * amqp://guest:guest@127.0.0.1:5672/%2F) and NATS with JetStream from JUNCTION_NATS_URL (default
 * nats://127.0.0.1:4222). Tests declare their own uniquely named queues and streams and delete them.
 * Without a reachable broker its suite is skipped with a loud line, unless JUNCTION_REQUIRE_RABBITMQ=true
 * or JUNCTION_REQUIRE_NATS=true (as in CI), where it fails instead.
 */
public final class TestBrokers {

    public static final URI RABBITMQ_URL = URI.create(System.getenv().getOrDefault("JUNCTION_RABBITMQ_URL",
            "amqp://guest:guest@127.0.0.1:5672/%2F"));
    public static final URI NATS_URL = URI.create(System.getenv().getOrDefault("JUNCTION_NATS_URL", "nats://127.0.0.1:4222"));

    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final Map<String, Boolean> REACHABLE = new ConcurrentHashMap<>();

    private TestBrokers() {}

    /** A name no other test (or test JVM) uses: letters, digits and dashes, fit for a queue, a stream or a subject token. */
    public static String uniqueName(String prefix) {
        return prefix + "-" + ProcessHandle.current().pid() + "-" + NAMES.incrementAndGet() + "-" + Long.toHexString(System.nanoTime() & 0xfffff);
    }

    /** Aborts (skips) the test when RabbitMQ cannot be reached, or fails it when JUNCTION_REQUIRE_RABBITMQ=true. */
    public static void requireRabbitMq() {
        require("RabbitMQ", "JUNCTION_REQUIRE_RABBITMQ", RABBITMQ_URL, 5672,
                "start it (rabbitmq-server -detached) or set JUNCTION_RABBITMQ_URL=amqp://USER:PASS@HOST:PORT/VHOST");
    }

    /** Aborts (skips) the test when NATS cannot be reached, or fails it when JUNCTION_REQUIRE_NATS=true. */
    public static void requireNats() {
        require("NATS", "JUNCTION_REQUIRE_NATS", NATS_URL, 4222,
                "start it with JetStream (nats-server -js) or set JUNCTION_NATS_URL=nats://HOST:PORT");
    }

    private static void require(String broker, String requireVariable, URI url, int defaultPort, String hint) {
        int port = url.getPort() < 0 ? defaultPort : url.getPort();
        boolean up = REACHABLE.computeIfAbsent(broker, b -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(url.getHost(), port), 2000);
                return true;
            } catch (java.io.IOException e) {
                return false;
            }
        });
        if (up) return;
        String how = "no " + broker + " at " + url.getHost() + ":" + port + ". To run it, " + hint;
        if (Boolean.parseBoolean(System.getenv(requireVariable))) throw new IllegalStateException(requireVariable + "=true but " + how);
        if (REACHABLE.putIfAbsent(broker + "-announced", true) == null) {
            System.out.println("*** " + broker + " suite SKIPPED: " + how + " ***");
        }
        Assumptions.abort(broker + " suite skipped: " + how);
    }

    /** A connection factory for the test's own use of RabbitMQ (declaring, reading, deleting queues). */
    public static ConnectionFactory rabbitFactory() {
        requireRabbitMq();
        ConnectionFactory f = new ConnectionFactory();
        try {
            f.setUri(RABBITMQ_URL);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return f;
    }

    /** A connection for the test's own use of NATS (streams, reading). */
    public static Connection natsConnection() {
        requireNats();
        try {
            return Nats.connect(Options.builder().server(NATS_URL.toString()).connectionTimeout(Duration.ofSeconds(5)).build());
        } catch (Exception e) {
            throw new IllegalStateException("cannot connect to NATS at " + NATS_URL + ": " + e.getMessage(), e);
        }
    }
}
