package dev.junction.store.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LISTENs on a dedicated connection (outside the pool, which would recycle it) and calls back when any
 * node announces new work. If the connection drops it reconnects with backoff; meanwhile the
 * dispatchers' polling keeps work moving, only a little later.
 */
final class PostgresListener implements AutoCloseable {

    static final String CHANNEL = "junction_work";
    private static final Logger log = LoggerFactory.getLogger(PostgresListener.class);

    private final String url;
    private final Properties properties;
    private final Runnable onNewWork;
    private final String origin;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Connection connection;

    private PostgresListener(String url, Properties properties, String user, String password, String origin, Runnable onNewWork) {
        this.url = url;
        this.origin = origin;
        this.properties = properties;
        if (user != null) properties.setProperty("user", user);
        if (password != null) properties.setProperty("password", password);
        this.onNewWork = onNewWork;
        this.thread = Thread.ofPlatform().name("junction-pg-listen").daemon(true).unstarted(this::run);
    }

    /**
     * @param properties driver properties (the dialect's, as the pool's connections have); credentials are added
     * @param origin announcements with this payload are this store instance's own, and ignored */
    static PostgresListener start(String url, Properties properties, String user, String password, String origin, Runnable onNewWork) {
        PostgresListener listener = new PostgresListener(url, properties, user, password, origin, onNewWork);
        listener.thread.start();
        return listener;
    }

    private void run() {
        long backoffMillis = 100;
        long lostAt = 0; // when the connection was lost (nanoTime), 0 while it holds
        while (running) {
            try (Connection c = DriverManager.getConnection(url, properties)) {
                connection = c;
                String ownSchema;
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + CHANNEL);
                    try (java.sql.ResultSet rs = s.executeQuery("SELECT current_schema()")) {
                        rs.next();
                        ownSchema = rs.getString(1) + "/";
                    }
                }
                // Work may have been announced while we were not listening.
                onNewWork.run();
                if (lostAt != 0) {
                    log.info("LISTEN connection back after {} ms; new work is announced again", (System.nanoTime() - lostAt) / 1_000_000);
                    lostAt = 0;
                }
                backoffMillis = 100;
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(1000);
                    if (notifications == null) continue;
                    for (PGNotification n : notifications) {
                        String payload = n.getParameter();
                        // Work of this schema (not another gateway's sharing the database), announced by another store.
                        if (payload.startsWith(ownSchema) && !payload.equals(ownSchema + origin)) {
                            onNewWork.run();
                            break;
                        }
                    }
                }
            } catch (SQLException e) {
                if (!running) return;
                if (lostAt == 0) lostAt = System.nanoTime();
                log.warn("LISTEN connection lost ({}); reconnecting in {} ms, polling meanwhile", SqlFailure.describe(e), backoffMillis);
                try {
                    Thread.sleep(backoffMillis);
                } catch (InterruptedException ie) {
                    return;
                }
                backoffMillis = Math.min(backoffMillis * 2, 10_000);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        Connection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
    }
}
