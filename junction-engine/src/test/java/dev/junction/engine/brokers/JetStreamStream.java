package dev.junction.engine.brokers;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A uniquely named in-memory JetStream stream on the test NATS, capturing {@code <name>.>}; deleted on close. */
public final class JetStreamStream implements AutoCloseable {

    private final Connection connection;
    private final JetStreamManagement jsm;
    private final String name;

    /** A stream named {@code prefix} and a unique suffix, capturing {@code <name>.>}. */
    public JetStreamStream(String prefix) {
        this(TestBrokers.uniqueName(prefix), null);
    }

    /** A uniquely named stream capturing exactly {@code subject} (e.g. one a destination already publishes to). */
    public static JetStreamStream capturing(String subject) {
        return new JetStreamStream(TestBrokers.uniqueName("capture"), subject);
    }

    private JetStreamStream(String name, String subject) {
        this.name = name;
        connection = TestBrokers.natsConnection();
        try {
            jsm = connection.jetStreamManagement();
            jsm.addStream(StreamConfiguration.builder().name(name).subjects(subject != null ? subject : name + ".>").storageType(StorageType.Memory)
                    .duplicateWindow(Duration.ofMinutes(2)).build());
        } catch (Exception e) {
            close();
            throw new IllegalStateException("cannot create test stream " + name + " (is JetStream on? nats-server -js): " + e.getMessage(), e);
        }
    }

    public String name() {
        return name;
    }

    /** A subject this stream captures. */
    public String subject(String last) {
        return name + "." + last;
    }

    /** How many messages the stream holds. */
    public long count() throws Exception {
        return jsm.getStreamInfo(name).getStreamState().getMsgCount();
    }

    /** The messages stored, in stream order (sequence 1, 2, ...). */
    public List<MessageInfo> messages() throws Exception {
        List<MessageInfo> got = new ArrayList<>();
        long n = count();
        for (long seq = 1; seq <= n; seq++) got.add(jsm.getMessage(name, seq));
        return got;
    }

    @Override
    public void close() {
        try {
            if (jsm != null) jsm.deleteStream(name);
        } catch (Exception ignored) {
            // the stream is in memory: it goes with the server at worst
        } finally {
            try {
                connection.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
