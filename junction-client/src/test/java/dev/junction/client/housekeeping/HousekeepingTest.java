package dev.junction.client.housekeeping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.zaxxer.hikari.HikariDataSource;
import dev.junction.client.ManualClock;
import dev.junction.client.idempotency.IdempotencyStore;
import dev.junction.client.jdbc.ClientStoreException;
import dev.junction.client.jdbc.TestDatabases;
import dev.junction.client.outbox.Outbox;
import dev.junction.client.outbox.OutboxEvent;
import dev.junction.client.outbox.OutboxRelay;
import dev.junction.client.outbox.RelayConfig;
import dev.junction.client.webhook.VerifiedWebhook;
import dev.junction.client.webhook.WebhookInbox;
import dev.junction.core.model.UuidV7;
import dev.junction.core.retry.OutcomeClass;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

/** Housekeeping over the library's real tables on PostgreSQL, MariaDB and SQLite, stepped by hand on a manual clock. */
class HousekeepingTest {

    private static final Duration TTL = Duration.ofHours(1);
    private static final Duration INBOX_RETENTION = Duration.ofDays(2);

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-30T12:00:00Z"));
    private HikariDataSource db;
    private IdempotencyStore keys;
    private WebhookInbox inbox;
    private Outbox outbox;

    @AfterEach
    void close() {
        if (db != null) db.close();
    }

    private void open(TestDatabases.Kind kind) {
        db = TestDatabases.fresh(kind, dir);
        keys = new IdempotencyStore(db);
        inbox = new WebhookInbox(db, clock, INBOX_RETENTION);
        outbox = new Outbox(db, clock, new UuidV7(clock, new SplittableRandom(5)));
    }

    private Housekeeping.Builder all(int batchSize) {
        return Housekeeping.builder().clock(clock).config(HousekeepingConfig.custom().batchSize(batchSize).build())
                .idempotencyKeys(keys).webhookInbox(inbox).sentOutboxEvents(outbox);
    }

    private void claim(String key, Duration ttl) {
        assertThat(keys.claim("acme", key, "f".repeat(64), clock.instant(), Duration.ofSeconds(30), ttl)).isEmpty();
    }

    /** Adds one event per payload and relays them: "dead" ones are refused for good, the others delivered. */
    private List<String> addAndRelay(String... payloads) throws Exception {
        List<String> ids = new ArrayList<>();
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            for (String p : payloads) ids.add(outbox.add(c, OutboxEvent.json("billing", "invoice.paid", "\"" + p + "\"")));
            c.commit();
        }
        OutboxRelay relay = new OutboxRelay(outbox, m -> new String(m.payload(), StandardCharsets.UTF_8).contains("dead")
                ? OutcomeClass.PERMANENT : OutcomeClass.SUCCESS, RelayConfig.DEFAULT, new SplittableRandom(1));
        while (relay.runOnce() > 0) {
            // until every due event was taken
        }
        return ids;
    }

    private List<String> column(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void onlyExpiredRowsAndOldSentEventsGo(TestDatabases.Kind kind) throws Exception {
        open(kind);
        claim("old-1", TTL);
        inbox.firstDeliveryAtMostOnce(new VerifiedWebhook("stripe", "evt_old", Optional.empty()));
        List<String> old = addAndRelay("sent-old", "dead-old");
        clock.advance(Duration.ofDays(6));
        claim("old-2", TTL);
        claim("kept", Duration.ofDays(2));
        inbox.firstDeliveryAtMostOnce(new VerifiedWebhook("stripe", "evt_new", Optional.empty()));
        List<String> recent = addAndRelay("sent-new");
        String pending;
        try (Connection c = db.getConnection()) {
            pending = outbox.add(c, OutboxEvent.json("billing", "invoice.paid", "\"pending\""));
        }
        clock.advance(Duration.ofDays(1).plusMinutes(1));

        Housekeeping.Pass pass = all(500).build().runOnce();

        assertThat(pass.deleted()).containsExactly(Map.entry("junction_idempotency_keys", 2), Map.entry("junction_webhook_inbox", 1),
                Map.entry("junction_outbox", 1));
        assertThat(pass.failed()).isEmpty();
        assertThat(column("SELECT idem_key FROM junction_idempotency_keys")).containsExactly("kept");
        assertThat(column("SELECT webhook_id FROM junction_webhook_inbox")).as("received 1 day ago, kept 2 days")
                .containsExactly("evt_new");
        assertThat(column("SELECT id FROM junction_outbox ORDER BY seq")).as("sent 1 day ago, dead and pending events stay")
                .containsExactly(old.get(1), recent.get(0), pending);
        assertThat(column("SELECT state FROM junction_outbox ORDER BY seq")).containsExactly("DEAD", "SENT", "PENDING");
        assertThat(all(500).build().runOnce().deleted().values()).as("nothing left to delete").containsOnly(0);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void aPurgeRepeatsItsBatchUntilOneComesBackShort(TestDatabases.Kind kind) {
        open(kind);
        for (int i = 0; i < 5; i++) claim("k-" + i, TTL);
        clock.advance(TTL);
        List<Integer> batches = new ArrayList<>();
        Housekeeping housekeeping = Housekeeping.builder().clock(clock).config(HousekeepingConfig.custom().batchSize(2).build())
                .purge("junction_idempotency_keys", "delete expired idempotency keys", (now, limit) -> {
                    int n = keys.prune(now, limit);
                    batches.add(n);
                    return n;
                }).build();

        assertThat(housekeeping.runOnce().deleted()).containsExactly(Map.entry("junction_idempotency_keys", 5));
        assertThat(batches).containsExactly(2, 2, 1);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void aFailingPurgeIsLoggedWithoutValuesAndTheOthersStillRun(TestDatabases.Kind kind) throws Exception {
        open(kind);
        claim("old", TTL);
        inbox.firstDeliveryAtMostOnce(new VerifiedWebhook("stripe", "evt_secret_42", Optional.empty()));
        clock.advance(INBOX_RETENTION);
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE junction_webhook_inbox");
        }
        Logger logger = (Logger) LoggerFactory.getLogger(Housekeeping.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        Housekeeping.Pass pass;
        try {
            pass = Housekeeping.builder().clock(clock).webhookInbox(inbox)
                    .purge("customers", "delete old customers", (now, limit) -> {
                        throw new ClientStoreException("delete old customers",
                                new SQLException("duplicate key value violates unique constraint: Key (email)=(alice@example.com)", "23505"));
                    })
                    .idempotencyKeys(keys).build().runOnce();
        } finally {
            logger.detachAppender(logged);
        }

        assertThat(pass.failed()).containsExactly("junction_webhook_inbox", "customers");
        assertThat(pass.deleted()).containsEntry("junction_idempotency_keys", 1).containsEntry("junction_webhook_inbox", 0);
        assertThat(logged.list).hasSize(2).allSatisfy(e ->
                assertThat(e.getThrowableProxy()).as("no stack trace, whose messages may quote values").isNull());
        assertThat(logged.list.get(0).getFormattedMessage()).contains("forget expired webhook ids", "SQL state").doesNotContain("evt_secret_42");
        assertThat(logged.list.get(1).getFormattedMessage()).contains("delete old customers", "SQL state 23505").doesNotContain("alice@example.com");
    }

    @Test
    void startRunsPassesOnANamedDaemonThreadUntilClosed() throws Exception {
        AtomicInteger passes = new AtomicInteger();
        List<Thread> ranOn = new ArrayList<>();
        Housekeeping housekeeping = Housekeeping.builder()
                .config(HousekeepingConfig.custom().firstPassAfter(Duration.ZERO).interval(Duration.ofMillis(10)).build())
                .purge("a", "fail", (now, limit) -> {
                    throw new IllegalStateException("every pass fails");
                })
                .purge("b", "count passes", (now, limit) -> {
                    synchronized (ranOn) {
                        ranOn.add(Thread.currentThread());
                    }
                    passes.incrementAndGet();
                    return 0;
                }).build();
        housekeeping.start();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> passes.get() >= 3);
        } finally {
            housekeeping.close();
        }
        synchronized (ranOn) {
            assertThat(ranOn).allSatisfy(t -> {
                assertThat(t.getName()).isEqualTo(Housekeeping.THREAD_NAME);
                assertThat(t.isDaemon()).isTrue();
            });
            ranOn.get(0).join(10_000);
            assertThat(ranOn.get(0).isAlive()).as("close stops the thread").isFalse();
        }
    }

    /** A purge that throws an Error (a bug) fails its pass; the schedule goes on. */
    @org.junit.jupiter.api.Test
    void anErrorInAPassDoesNotStopTheSchedule() throws Exception {
        AtomicInteger passes = new AtomicInteger();
        Housekeeping housekeeping = Housekeeping.builder()
                .config(HousekeepingConfig.custom().firstPassAfter(Duration.ZERO).interval(Duration.ofMillis(10)).build())
                .purge("a", "fail once", (now, limit) -> {
                    if (passes.incrementAndGet() == 1) throw new AssertionError("a bug in the purge");
                    return 0;
                }).build();
        housekeeping.start();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> passes.get() >= 3);
        } finally {
            housekeeping.close();
        }
    }
}
