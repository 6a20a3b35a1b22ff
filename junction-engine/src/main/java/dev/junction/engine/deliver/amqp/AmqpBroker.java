package dev.junction.engine.deliver.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import dev.junction.core.config.UrlCredentials;
import java.io.IOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One RabbitMQ broker URL: one connection, shared by every destination with that URL, and a pool of
 * channels in confirm mode, one per publish in flight (a channel is not shared by concurrent publishes,
 * so returns and confirms are never mixed up). The connection is opened at the first delivery and
 * recovered by the client after a broker restart or a network failure (automatic recovery); while it is
 * down, attempts fail and are retried like any connection error.
 *
 * <p>A broker that hangs (stopped, or blocked behind a dead network path) answers nothing, and the client's defaults
 * would wait 10 minutes for each channel it opens and a minute or two for heartbeats to notice: the destination's
 * timeout bounds every request to the broker (the handshake, opening a channel, confirm mode, the confirm), and
 * heartbeats every {@link #HEARTBEAT} tell a silent connection from a quiet one.
 */
final class AmqpBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AmqpBroker.class);

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** How often a lost connection is tried again. */
    static final Duration RECOVERY_INTERVAL = Duration.ofSeconds(1);
    /** Idle channels kept open beyond this many are closed: more are only needed at a peak. */
    static final int MAX_IDLE_CHANNELS = 256;
    /** Heartbeat interval asked of the broker: a connection silent for two of them is dropped and recovered. */
    static final Duration HEARTBEAT = Duration.ofSeconds(5);

    private final String shown;
    private final QuietRecovery recoveryLog;
    private final ConnectionFactory factory;
    private final ConcurrentLinkedDeque<ConfirmChannel> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger idleCount = new AtomicInteger();
    private volatile Connection connection;
    private volatile boolean closed;
    /** Why the broker blocks this connection's publishes (a resource alarm), or null while it does not. */
    private volatile String blocked;
    private final Duration handshakeBound;

    /** @param timeout the destination's timeout: bounds connecting and every request to the broker */
    AmqpBroker(URI url, Duration timeout) {
        this.shown = UrlCredentials.masked(url);
        this.recoveryLog = new QuietRecovery(url);
        this.factory = factory(url, timeout, recoveryLog);
        this.handshakeBound = handshakeBound(timeout);
    }

    /** Connecting and the handshake wait at most the destination's timeout, and at most {@link #CONNECT_TIMEOUT}. */
    private static Duration handshakeBound(Duration timeout) {
        return Duration.ofMillis(Math.max(1, Math.min(CONNECT_TIMEOUT.toMillis(), timeout.toMillis())));
    }

    /** Why the broker blocks publishing on this connection now (RabbitMQ's memory or disk alarm), or null. */
    String blocked() {
        return blocked;
    }

    /** The broker accepted the connection but never finished its handshake within the bound: named as such, not as a confirm. */
    static final class HandshakeTimeout extends TimeoutException {
        HandshakeTimeout(String message) {
            super(message);
        }
    }

    private static ConnectionFactory factory(URI url, Duration timeout, QuietRecovery recoveryLog) {
        ConnectionFactory f = new ConnectionFactory();
        try {
            if ("amqps".equalsIgnoreCase(url.getScheme())) {
                // The JVM's trust store and a host name check: without these the client would trust any certificate.
                f.useSslProtocol(SSLContext.getDefault());
                f.enableHostnameVerification();
            }
            f.setUri(url);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("unusable broker URL " + UrlCredentials.masked(url) + ": "
                    + UrlCredentials.scrub(e.getMessage(), url));
        }
        int bound = (int) handshakeBound(timeout).toMillis();
        f.setConnectionTimeout(bound);
        f.setHandshakeTimeout(bound);
        f.setChannelRpcTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis())));
        f.setRequestedHeartbeat((int) HEARTBEAT.toSeconds());
        f.setAutomaticRecoveryEnabled(true);
        // Junction declares nothing on the broker: there is no topology to recover.
        f.setTopologyRecoveryEnabled(false);
        f.setNetworkRecoveryInterval(RECOVERY_INTERVAL.toMillis());
        f.setExceptionHandler(recoveryLog);
        return f;
    }

    /** A channel in confirm mode for one publish; give it back with {@link #giveBack} or {@link ConfirmChannel#discard}. */
    ConfirmChannel borrow() throws IOException, TimeoutException {
        ConfirmChannel c;
        while ((c = idle.pollFirst()) != null) {
            idleCount.decrementAndGet();
            if (c.isOpen()) return c;
            c.discard();
        }
        Connection conn = connection();
        if (!conn.isOpen()) throw new java.net.ConnectException("the connection to " + shown + " is down; recovering");
        com.rabbitmq.client.Channel channel = conn.createChannel();
        if (channel == null) throw new IOException("the broker at " + shown + " has no channel left (channel-max reached)");
        try {
            return new ConfirmChannel(channel);
        } catch (IOException | RuntimeException e) {
            try {
                channel.abort();
            } catch (IOException ignored) {
                // the channel is of no use either way
            }
            throw e;
        }
    }

    /** Back to the pool, for the next publish. */
    void giveBack(ConfirmChannel channel) {
        if (closed || !channel.isOpen()) {
            channel.discard();
        } else if (idleCount.incrementAndGet() > MAX_IDLE_CHANNELS) {
            idleCount.decrementAndGet();
            channel.discard();
        } else {
            idle.addFirst(channel);
        }
    }

    /**
     * The connection, opened on first use. Automatic recovery only covers a connection that was once
     * open; until then each use tries again (one at a time, so a broker that is down is not met by a
     * connection attempt per worker).
     */
    private Connection connection() throws IOException, TimeoutException {
        Connection c = connection;
        if (c != null) return c;
        synchronized (this) {
            if (closed) throw new IOException("the RabbitMQ sender is closed");
            if (connection == null) {
                Connection opened;
                try {
                    opened = factory.newConnection("junction");
                } catch (TimeoutException e) {
                    throw new HandshakeTimeout("no answer from the broker at " + shown + " to the connection handshake within "
                            + handshakeBound.toMillis() + " ms (is it RabbitMQ, and is it up?)");
                }
                if (opened instanceof Recoverable recoverable) recoverable.addRecoveryListener(new Logged());
                opened.addBlockedListener(reason -> {
                    blocked = reason;
                    log.warn("RabbitMQ at {} blocks publishing: {} (deliveries time out and are retried until it lifts)", shown, reason);
                }, () -> {
                    blocked = null;
                    log.info("RabbitMQ at {} publishes again", shown);
                });
                log.info("connected to RabbitMQ at {}", shown);
                connection = opened;
            }
            return connection;
        }
    }

    @Override
    public void close() {
        Connection c;
        synchronized (this) {
            closed = true;
            c = connection;
            connection = null;
        }
        ConfirmChannel channel;
        while ((channel = idle.pollFirst()) != null) channel.discard();
        if (c == null) return;
        try {
            c.close(AMQP.REPLY_SUCCESS, "junction is shutting down", 5_000);
        } catch (IOException | RuntimeException e) {
            c.abort(1_000);
        }
    }

    /** Says when the connection was lost and when it came back; the URL is shown without its credentials. */
    private final class Logged implements RecoveryListener {
        @Override
        public void handleRecoveryStarted(Recoverable recoverable) {
            log.warn("connection to RabbitMQ at {} lost; reconnecting every {} ms", shown, RECOVERY_INTERVAL.toMillis());
        }

        @Override
        public void handleRecovery(Recoverable recoverable) {
            recoveryLog.recovered();
            log.info("connection to RabbitMQ at {} recovered", shown);
        }
    }

    /**
     * The client logs each failed reconnection as an error with a stack trace, once a second while the
     * broker is away: one warning per outage says as much.
     */
    private static final class QuietRecovery extends com.rabbitmq.client.impl.ForgivingExceptionHandler {
        private final URI url;
        private final String shown;
        private volatile boolean warned;

        QuietRecovery(URI url) {
            this.url = url;
            this.shown = UrlCredentials.masked(url);
        }

        @Override
        public void handleConnectionRecoveryException(Connection conn, Throwable exception) {
            String why = UrlCredentials.scrub(exception.toString(), url);
            if (!warned) log.warn("RabbitMQ at {} still unreachable, retrying: {}", shown, why);
            else log.debug("RabbitMQ at {} still unreachable: {}", shown, why);
            warned = true;
        }

        /** The client's own default logs each with its connection's address only, many a second while a login is refused. */
        @Override
        public void handleUnexpectedConnectionDriverException(Connection conn, Throwable exception) {
            String why = UrlCredentials.scrub(exception.toString(), url);
            if (!warned) log.warn("RabbitMQ at {}: the connection failed: {}", shown, why);
            else log.debug("RabbitMQ at {}: the connection failed: {}", shown, why);
            warned = true;
        }

        @Override
        public void handleTopologyRecoveryException(Connection conn, com.rabbitmq.client.Channel ch,
                                                    com.rabbitmq.client.TopologyRecoveryException exception) {
            log.warn("RabbitMQ at {}: {}", shown, UrlCredentials.scrub(exception.toString(), url));
        }

        void recovered() {
            warned = false;
        }
    }
}
