package dev.junction.bench;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import dev.junction.core.config.DestinationSpec;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;

/**
 * The receiving end of each destination kind for the kinds phase: the HTTP sink, a durable RabbitMQ
 * queue, a file-backed JetStream stream, each made for one run and removed after it. Durable on every
 * side, as in production: the store commits, RabbitMQ confirms a persistent message once it is on disk,
 * JetStream acknowledges once the file store has it.
 */
final class KindReceivers {

    static final URI RABBITMQ = URI.create(System.getenv().getOrDefault("JUNCTION_RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672/%2F"));
    static final URI NATS = URI.create(System.getenv().getOrDefault("JUNCTION_NATS_URL", "nats://127.0.0.1:4222"));

    /** One receiving end: where the destination points, and how many messages arrived. */
    interface Receiver extends AutoCloseable {
        URI url();

        DestinationSpec.Target target();

        long received() throws Exception;

        @Override
        void close() throws Exception;
    }

    private KindReceivers() {}

    /** Null when the broker answers on its port; else why not, and how to start it. */
    static String unreachable(String kind) {
        URI url = kind.equals("amqp") ? RABBITMQ : kind.equals("nats") ? NATS : null;
        if (url == null) return null;
        int port = url.getPort() > 0 ? url.getPort() : kind.equals("amqp") ? 5672 : 4222;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(url.getHost(), port), 2000);
            return null;
        } catch (java.io.IOException e) {
            return "no " + (kind.equals("amqp") ? "RabbitMQ" : "NATS") + " at " + url.getHost() + ":" + port
                    + (kind.equals("amqp") ? " (start it: rabbitmq-server -detached)" : " (start it with JetStream: nats-server -js)");
        }
    }

    static Receiver open(String kind, String name) throws Exception {
        return switch (kind) {
            case "http" -> new Http();
            case "http-batched" -> new BatchedHttp();
            case "amqp" -> new Queue(name);
            case "nats" -> new Stream(name);
            default -> throw new IllegalArgumentException("unknown kind " + kind);
        };
    }

    private static final class Http implements Receiver {
        private final Sink sink = new Sink(0, 4);

        Http() throws Exception {}

        @Override public URI url() { return sink.url(); }
        @Override public DestinationSpec.Target target() { return DestinationSpec.Target.HTTP; }
        @Override public long received() { return sink.delivered(); }
        @Override public void close() { sink.close(); }
    }

    /** The HTTP sink as a bulk API: it counts the NDJSON items of each batch it receives. */
    private static final class BatchedHttp implements Receiver {
        private final Sink sink = new Sink(0, 4).countingLines();

        BatchedHttp() throws Exception {}

        @Override public URI url() { return sink.url(); }
        @Override public DestinationSpec.Target target() { return DestinationSpec.Target.HTTP; }
        @Override public long received() { return sink.lines.get(); }
        @Override public void close() { sink.close(); }
    }

    private static final class Queue implements Receiver {
        private final com.rabbitmq.client.Connection connection;
        private final Channel channel;
        private final String name;

        Queue(String name) throws Exception {
            ConnectionFactory f = new ConnectionFactory();
            f.setUri(RABBITMQ);
            this.name = name;
            connection = f.newConnection("junction-bench");
            channel = connection.createChannel();
            channel.queueDeclare(name, true, false, false, null);
        }

        @Override public URI url() { return RABBITMQ; }
        @Override public DestinationSpec.Target target() { return new DestinationSpec.Target.Amqp("", name); }
        @Override public long received() throws Exception { return channel.messageCount(name); }

        @Override
        public void close() throws Exception {
            try {
                channel.queueDelete(name);
            } finally {
                connection.close();
            }
        }
    }

    private static final class Stream implements Receiver {
        private final Connection connection;
        private final JetStreamManagement jsm;
        private final String name;

        Stream(String name) throws Exception {
            this.name = name;
            connection = Nats.connect(Options.builder().server(NATS.toString()).connectionTimeout(Duration.ofSeconds(5)).build());
            jsm = connection.jetStreamManagement();
            jsm.addStream(StreamConfiguration.builder().name(name).subjects(name + ".>").storageType(StorageType.File).build());
        }

        @Override public URI url() { return NATS; }
        @Override public DestinationSpec.Target target() { return new DestinationSpec.Target.Nats(name + ".events"); }
        @Override public long received() throws Exception { return jsm.getStreamInfo(name).getStreamState().getMsgCount(); }

        @Override
        public void close() throws Exception {
            try {
                jsm.deleteStream(name);
            } finally {
                connection.close();
            }
        }
    }
}
