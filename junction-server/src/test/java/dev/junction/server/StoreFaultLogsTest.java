package dev.junction.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.junction.store.TestDatabases;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real store faults under load, in a real {@code junction serve}: its PostgreSQL connections are terminated,
 * or its SQLite file is locked by another writer. The gateway must recover by itself, deliver every event it
 * acknowledged, and write no secret, signature or body fragment into any log line, text or JSON.
 */
class StoreFaultLogsTest {

    private static final String MARKER = "zq-body-marker-7d41c9e2";

    @TempDir
    Path dir;

    /** What the current gateway must not log; {@link #start} makes it, the load fills in the signatures. */
    private LogLeaks leaks;

    @ParameterizedTest
    @ValueSource(strings = {"TEXT", "JSON"})
    void postgresConnectionsTerminatedUnderLoad(String appender) throws Exception {
        String url = TestDatabases.freshPostgresSchema();
        try (Downstream downstream = new Downstream()) {
            GatewayProcess gateway = start(downstream, "\"" + url + "\"", appender);
            try (Load load = new Load(gateway.port())) {
                await().atMost(Duration.ofSeconds(30)).until(() -> load.acknowledged.size() >= 50);
                // Every connection the gateway has (pool and LISTEN), found by the application_name it sets.
                String mine = "junction-node-" + gateway.pid() + "-%";
                try (Connection admin = DriverManager.getConnection(TestDatabases.PG_URL);
                     PreparedStatement kill = admin.prepareStatement(
                             "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name LIKE ?")) {
                    kill.setString(1, mine);
                    for (int i = 0; i < 3; i++) {
                        // Each round once the gateway has connected again (how soon depends on the machine's load).
                        await().atMost(Duration.ofSeconds(30)).until(() -> connections(admin, mine) > 0);
                        try (ResultSet rs = kill.executeQuery()) {
                            rs.next();
                            assertThat(rs.getInt(1)).as("gateway connections terminated").isPositive();
                        }
                        Thread.sleep(700);
                    }
                }
                int afterFaults = load.acknowledged.size();
                await().atMost(Duration.ofSeconds(30)).until(() -> load.acknowledged.size() >= afterFaults + 100);
                load.stop();
                awaitDelivered(downstream, load.acknowledged);
                System.out.printf("postgresql %s: %d acknowledged, %d answered 503%n", appender, load.acknowledged.size(), load.unavailable.get());
                gateway.stop();
            } finally {
                gateway.close();
            }
            String log = Files.readString(dir.resolve("gateway.log"));
            assertThat(log).as("the terminations reached the gateway").contains("store failed to");
            assertThat(leaks.in(log)).as("secrets in the gateway's log").isEmpty();
            // What an operator reads: the LISTEN connection said it was lost, and now says it came back; the pool's
            // advice to shorten maxLifetime (one WARN per connection, wrong here) is not repeated; a stop is said.
            assertThat(log).contains("LISTEN connection lost", "LISTEN connection back after", "junction stopping", "junction stopped in")
                    .doesNotContain("maxLifetime");
        }
    }

    @Test
    void sqliteLockedByAnotherWriter() throws Exception {
        Path db = dir.resolve("data").resolve("junction.db");
        try (Downstream downstream = new Downstream()) {
            // A short busy_timeout (from the URL, over the default 30 s) so the 503s come within the test's time.
            GatewayProcess gateway = start(downstream, "\"sqlite:" + db + "?busy_timeout=300\"", "JSON");
            try (Load load = new Load(gateway.port())) {
                await().atMost(Duration.ofSeconds(30)).until(() -> load.acknowledged.size() >= 50);
                // Another process's write lock is how a SQLite file becomes unwritable portably: chmod does not
                // stop root, and a full disk needs a mount. The gateway waits busy_timeout, then gets SQLITE_BUSY.
                long lockedAt;
                long releasedAt;
                try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = other.createStatement()) {
                    s.execute("BEGIN EXCLUSIVE");
                    lockedAt = System.nanoTime();
                    int unavailableBefore = load.unavailable.get();
                    await().atMost(Duration.ofSeconds(20)).until(() -> load.unavailable.get() >= unavailableBefore + 20);
                    s.execute("ROLLBACK");
                    releasedAt = System.nanoTime();
                }
                // A commit that finished just before the lock may still be answered just after it.
                assertThat(load.acknowledgedBetween(lockedAt + 300_000_000L, releasedAt))
                        .as("events acknowledged while the store could not write").isZero();
                int afterFault = load.acknowledged.size();
                try {
                    await().atMost(Duration.ofSeconds(30)).until(() -> load.acknowledged.size() >= afterFault + 50);
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    System.out.printf("no recovery: %d acknowledged (%d after the lock), %d answered 503, %d failed, unexpected %s%n",
                            load.acknowledged.size(), load.acknowledged.size() - afterFault, load.unavailable.get(), load.failed.get(), load.unexpected);
                    System.out.println(Files.readString(dir.resolve("gateway.log")).lines()
                            .skip(Math.max(0, Files.readAllLines(dir.resolve("gateway.log")).size() - 60)).collect(java.util.stream.Collectors.joining("\n")));
                    throw e;
                }
                load.stop();
                awaitDelivered(downstream, load.acknowledged);
                System.out.printf("sqlite: %d acknowledged, %d answered 503%n", load.acknowledged.size(), load.unavailable.get());
                // Each 503 is counted by its reason, where the source's ingest series used to miss every one.
                String metrics = TestGateways.get(gateway.port(), "/metrics").body();
                assertThat(counted(metrics, "store-unavailable") + counted(metrics, "overloaded")).isEqualTo(load.unavailable.get());
            } finally {
                gateway.close();
            }
            String log = Files.readString(dir.resolve("gateway.log"));
            assertThat(log).as("the lock reached the gateway").contains("store failed to");
            assertThat(leaks.in(log)).as("secrets in the gateway's log").isEmpty();
        }
    }

    private static long counted(String metrics, String outcome) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("junction_ingest_requests_total\\{[^}]*outcome=\"" + outcome
                + "\",[^}]*source=\"stripe\"[^}]*} ([0-9.E]+)").matcher(metrics);
        assertThat(m.find()).as(outcome + " in /metrics").isTrue();
        return (long) Double.parseDouble(m.group(1));
    }

    private GatewayProcess start(Downstream downstream, String storeUrl, String appender) throws Exception {
        int port = GatewayProcess.freePort();
        String yaml = TestGateways.yaml(dir.resolve("data"), downstream.url(), port, "")
                .replaceFirst("store: \\{ url: \"[^\"]*\" }", java.util.regex.Matcher.quoteReplacement("store: { url: " + storeUrl + " }"));
        assertThat(yaml).contains(storeUrl);
        Path config = dir.resolve("junction.yaml");
        Files.writeString(config, yaml);
        leaks = new LogLeaks(MARKER, TestGateways.STRIPE_SECRET, TestGateways.DESTINATION_SECRET);
        Map<String, String> env = Map.of("STRIPE_WEBHOOK_SECRET", TestGateways.STRIPE_SECRET, "JUNCTION_LOG_APPENDER", appender);
        return new GatewayProcess(config, dir.resolve("gateway.log"), env, port).withProductionLogging().start();
    }

    private static void awaitDelivered(Downstream downstream, Set<String> acknowledged) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> delivered(downstream).containsAll(acknowledged));
        Set<String> missing = new HashSet<>(acknowledged);
        missing.removeAll(delivered(downstream));
        assertThat(missing).as("acknowledged but never delivered").isEmpty();
    }

    private static Set<String> delivered(Downstream downstream) {
        Set<String> ids = new HashSet<>();
        for (Downstream.Received r : downstream.succeeded()) ids.add(r.header("webhook-id"));
        return ids;
    }

    /** Four senders posting Stripe-signed events with the body marker until stopped. */
    private final class Load implements AutoCloseable {
        final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        final AtomicInteger unavailable = new AtomicInteger();
        /** Requests that got no answer at all (connection refused, timed out). */
        final AtomicInteger failed = new AtomicInteger();
        /** Answers other than 202 and 503: none are expected. */
        final List<String> unexpected = new java.util.concurrent.CopyOnWriteArrayList<>();
        /** When each acknowledgement arrived (System.nanoTime). */
        private final List<Long> acknowledgedAt = java.util.Collections.synchronizedList(new ArrayList<>());
        private final AtomicBoolean sending = new AtomicBoolean(true);
        private final AtomicInteger next = new AtomicInteger();
        private final List<Thread> senders = new ArrayList<>();

        Load(int port) {
            for (int t = 0; t < 4; t++) {
                senders.add(Thread.ofVirtual().start(() -> {
                    while (sending.get()) send(port);
                }));
            }
        }

        private void send(int port) {
            String payload = "{\"id\":\"evt_fault_" + next.incrementAndGet() + "\",\"object\":\"event\",\"type\":\"invoice.paid\","
                    + "\"data\":{\"object\":{\"description\":\"" + MARKER + "\",\"amount\":4200}}}";
            String signature = TestGateways.stripeSignature(payload, System.currentTimeMillis() / 1000);
            leaks.sent(signature);
            try {
                HttpResponse<String> r = TestGateways.post(port, "stripe", payload, Map.of("Stripe-Signature", signature));
                if (r.statusCode() == 202) {
                    acknowledged.add(r.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1"));
                    acknowledgedAt.add(System.nanoTime());
                } else if (r.statusCode() == 503) {
                    unavailable.incrementAndGet();
                    java.util.concurrent.locks.LockSupport.parkNanos(20_000_000); // a sender backs off a little
                } else {
                    unexpected.add(r.statusCode() + " " + r.body());
                }
            } catch (Exception e) {
                failed.incrementAndGet();
                java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
            }
        }

        long acknowledgedBetween(long from, long to) {
            synchronized (acknowledgedAt) {
                return acknowledgedAt.stream().filter(t -> t >= from && t < to).count();
            }
        }

        void stop() throws InterruptedException {
            sending.set(false);
            for (Thread t : senders) t.join();
            assertThat(unexpected).as("answers other than 202 and 503").isEmpty();
        }

        @Override
        public void close() throws InterruptedException {
            sending.set(false);
            for (Thread t : senders) t.join();
        }
    }

    private static int connections(Connection admin, String applicationName) throws java.sql.SQLException {
        try (PreparedStatement count = admin.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE ?")) {
            count.setString(1, applicationName);
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
