package dev.junction.engine.deliver.nats;

import dev.junction.core.config.UrlCredentials;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import io.nats.client.JetStream;
import io.nats.client.JetStreamOptions;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One NATS server URL: one connection, shared by every destination with that URL (a NATS connection
 * multiplexes any number of requests in flight). Opened at the first delivery; after that the client
 * reconnects by itself, forever, once a second. While it is not connected, attempts fail at once rather
 * than wait in the client's reconnect buffer, and are retried like any connection error.
 */
final class NatsBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NatsBroker.class);

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration RECONNECT_WAIT = Duration.ofSeconds(1);

    private final URI url;
    private final String shown;
    private final Duration connectTimeout;
    /** A JetStream context per publish timeout: the context's request timeout is what bounds a publish. */
    private final Map<Duration, JetStream> contexts = new ConcurrentHashMap<>();
    private volatile Connection connection;
    private volatile boolean closed;

    /** One listener for every connection this broker opens, so its outage state outlives a failed first connect. */
    private final Logged logged = new Logged();
    /** A first connection failed and none has succeeded since (guarded by this). */
    private boolean unreachable;
    /** A connection was opened: until then {@link #connection()} reports failures, once, and the listener keeps quiet. */
    private volatile boolean opened;

    NatsBroker(URI url, Duration connectTimeout) {
        this.url = url;
        this.shown = UrlCredentials.masked(url);
        this.connectTimeout = connectTimeout.compareTo(CONNECT_TIMEOUT) < 0 ? connectTimeout : CONNECT_TIMEOUT;
    }

    /** The JetStream context to publish with, connecting first if this is the first use. */
    JetStream jetStream(Duration timeout) throws IOException, InterruptedException {
        Connection c = connection();
        if (c.getStatus() != Connection.Status.CONNECTED) {
            throw new java.net.ConnectException("not connected to NATS at " + shown + " (" + c.getStatus().name().toLowerCase(java.util.Locale.ROOT)
                    + "); reconnecting");
        }
        JetStream js = contexts.get(timeout);
        if (js == null) {
            js = c.jetStream(JetStreamOptions.builder().requestTimeout(timeout).build());
            contexts.putIfAbsent(timeout, js);
        }
        return js;
    }

    private Connection connection() throws IOException, InterruptedException {
        Connection c = connection;
        if (c != null && c.getStatus() != Connection.Status.CLOSED) return c;
        synchronized (this) {
            if (closed) throw new IOException("the NATS sender is closed");
            if (connection == null || connection.getStatus() == Connection.Status.CLOSED) {
                contexts.clear();
                try {
                    connection = Nats.connect(options());
                } catch (IOException e) {
                    // Until a first connection, every delivery attempt tries again: one warning says so, not one per attempt.
                    if (!unreachable) {
                        log.warn("NATS at {} unreachable: {}; each delivery attempt tries again", shown,
                                UrlCredentials.scrub(String.valueOf(e.getMessage()), url));
                    }
                    unreachable = true;
                    throw e;
                }
                log.info(unreachable ? "connected to NATS at {} (it was unreachable until now)" : "connected to NATS at {}", shown);
                unreachable = false;
                logged.up = true; // a failed first connect's events left it down
                opened = true;
            }
            return connection;
        }
    }

    private Options options() {
        return Options.builder()
                .server(url.toString())
                .connectionName("junction")
                .connectionTimeout(connectTimeout)
                .maxReconnects(-1)
                .reconnectWait(RECONNECT_WAIT)
                .errorListener(logged)
                .connectionListener(logged)
                .build();
    }

    @Override
    public void close() {
        Connection c;
        synchronized (this) {
            closed = true;
            c = connection;
            connection = null;
        }
        if (c == null) return;
        try {
            c.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The client's own listener would log through java.util.logging, with the server URL it connects to
     * (credentials included): these say the same through SLF4J, without them.
     */
    private final class Logged implements ErrorListener, ConnectionListener {
        /** While reconnecting, each failed try is another event: only the first of an outage is worth a warning. */
        private volatile boolean up = true;

        @Override
        public void errorOccurred(Connection conn, String error) {
            log.warn("NATS at {}: {}", shown, UrlCredentials.scrub(error, url));
        }

        @Override
        public void exceptionOccurred(Connection conn, Exception exp) {
            // Before a first connection, connection() says it once.
            if (up && opened) log.warn("NATS at {}: {}", shown, UrlCredentials.scrub(String.valueOf(exp), url));
            else log.debug("NATS at {}: {}", shown, UrlCredentials.scrub(String.valueOf(exp), url));
        }

        @Override
        public void connectionEvent(Connection conn, Events type) {
            switch (type) {
                case DISCONNECTED -> {
                    if (up && opened) log.warn("connection to NATS at {} lost; reconnecting every {} ms", shown, RECONNECT_WAIT.toMillis());
                    up = false;
                }
                case RECONNECTED -> {
                    up = true;
                    log.info("connection to NATS at {} recovered", shown);
                }
                default -> log.debug("NATS at {}: {}", shown, type);
            }
        }
    }
}
