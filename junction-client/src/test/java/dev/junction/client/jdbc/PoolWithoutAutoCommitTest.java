package dev.junction.client.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.junction.client.idempotency.IdempotencyStore;
import dev.junction.client.outbox.Outbox;
import dev.junction.client.outbox.OutboxEvent;
import dev.junction.client.outbox.OutboxRelay;
import dev.junction.client.outbox.RelayConfig;
import dev.junction.client.webhook.VerifiedWebhook;
import dev.junction.client.webhook.WebhookInbox;
import dev.junction.core.retry.OutcomeClass;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A pool that hands out connections with auto-commit off (spring.datasource.hikari.auto-commit=false, a common JPA
 * setting): what the library writes on its own connections still commits.
 */
class PoolWithoutAutoCommitTest {

    @TempDir
    Path dir;

    private HikariDataSource db;
    private HikariDataSource pool;

    @AfterEach
    void close() {
        if (pool != null) pool.close();
        if (db != null) db.close();
    }

    private HikariDataSource withoutAutoCommit(TestDatabases.Kind kind) {
        db = TestDatabases.fresh(kind, dir);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.getJdbcUrl());
        config.setAutoCommit(false);
        config.setMaximumPoolSize(4);
        pool = new HikariDataSource(config);
        return pool;
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void migrationsAreRecordedAndRunOnce(TestDatabases.Kind kind) {
        HikariDataSource ds = withoutAutoCommit(kind);
        assertThat(SchemaMigrations.migrate(ds)).isEqualTo(SchemaMigrations.VERSIONS.size());
        assertThat(SchemaMigrations.migrate(ds)).isZero();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void aRedeliveryIsRecognised(TestDatabases.Kind kind) {
        WebhookInbox inbox = WebhookInbox.create(withoutAutoCommit(kind));
        VerifiedWebhook webhook = new VerifiedWebhook("stripe", "evt_1", Optional.empty());

        assertThat(inbox.firstDeliveryAtMostOnce(webhook)).isTrue();
        assertThat(inbox.firstDeliveryAtMostOnce(webhook)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void aClaimedKeyIsHeld(TestDatabases.Kind kind) {
        IdempotencyStore store = new IdempotencyStore(withoutAutoCommit(kind));
        Instant now = Instant.parse("2026-11-30T12:00:00Z");

        assertThat(store.claim("acme", "k", "f".repeat(64), now, Duration.ofSeconds(60), Duration.ofHours(1))).isEmpty();
        assertThat(store.claim("acme", "k", "f".repeat(64), now, Duration.ofSeconds(60), Duration.ofHours(1))).isPresent();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void aSentEventIsRecordedSent(TestDatabases.Kind kind) throws Exception {
        HikariDataSource ds = withoutAutoCommit(kind);
        Outbox outbox = Outbox.create(ds);
        String id;
        try (Connection c = ds.getConnection()) {
            id = outbox.add(c, OutboxEvent.json("acme", "invoice.paid", "{}"));
            c.commit();
        }
        try (OutboxRelay relay = new OutboxRelay(outbox, m -> OutcomeClass.SUCCESS, RelayConfig.DEFAULT, new SplittableRandom(1))) {
            assertThat(relay.runOnce()).isEqualTo(1);
        }
        assertThat(outbox.state(id)).contains(Outbox.State.SENT);
    }
}
