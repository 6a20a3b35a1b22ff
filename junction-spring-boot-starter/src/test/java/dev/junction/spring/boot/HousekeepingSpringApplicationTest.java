package dev.junction.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.client.housekeeping.Housekeeping;
import dev.junction.client.idempotency.IdempotencyStore;
import dev.junction.client.jdbc.TestDatabases;
import dev.junction.client.outbox.Outbox;
import dev.junction.client.outbox.OutboxEvent;
import dev.junction.client.outbox.OutboxRelay;
import dev.junction.client.outbox.RelayConfig;
import dev.junction.client.webhook.VerifiedWebhook;
import dev.junction.client.webhook.WebhookInbox;
import dev.junction.core.model.UuidV7;
import dev.junction.core.retry.OutcomeClass;
import dev.junction.spring.boot.orders.OrdersApplication;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import javax.sql.DataSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The housekeeping bean in a real Spring Boot application on PostgreSQL, MariaDB and SQLite: it covers the starter's
 * idempotency store, webhook inbox and outbox, and deletes only what expired. Rows are made in the past through the
 * library's own API on clocks set back, since the bean runs on the system clock.
 */
class HousekeepingSpringApplicationTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabases.Kind.class)
    void theHousekeepingBeanDeletesExpiredRowsOnly(TestDatabases.Kind kind) throws Exception {
        try (ConfigurableApplicationContext app = OrdersApplication.start(kind, dir, "junction.client.outbox.enabled=true",
                "junction.client.housekeeping.first-pass-after=1h")) {
            DataSource dataSource = app.getBean(DataSource.class);
            Instant now = Instant.now();
            Instant longAgo = now.minus(Duration.ofDays(40));
            Clock past = Clock.fixed(longAgo, ZoneOffset.UTC);

            IdempotencyStore keys = app.getBean(IdempotencyStore.class);
            String fingerprint = "f".repeat(64);
            keys.claim("acme", "expired", fingerprint, longAgo, Duration.ofSeconds(60), Duration.ofHours(24));
            keys.claim("acme", "live", fingerprint, now, Duration.ofSeconds(60), Duration.ofHours(24));

            new WebhookInbox(dataSource, past, WebhookInbox.DEFAULT_RETENTION).firstDeliveryAtMostOnce(new VerifiedWebhook("stripe", "evt_old", Optional.empty()));
            app.getBean(WebhookInbox.class).firstDeliveryAtMostOnce(new VerifiedWebhook("stripe", "evt_new", Optional.empty()));

            sendOne(new Outbox(dataSource, past, UuidV7.system()), dataSource);
            Outbox outbox = app.getBean(Outbox.class);
            sendOne(outbox, dataSource);
            try (Connection c = dataSource.getConnection()) {
                outbox.add(c, OutboxEvent.json("billing", "invoice.paid", "{}"));
            }

            Housekeeping.Pass pass = app.getBean(Housekeeping.class).runOnce();

            assertThat(pass.deleted()).containsExactly(Map.entry("junction_idempotency_keys", 1), Map.entry("junction_webhook_inbox", 1),
                    Map.entry("junction_outbox", 1));
            assertThat(pass.failed()).isEmpty();
            assertThat(count(dataSource, "junction_idempotency_keys WHERE idem_key = 'live'")).isEqualTo(1);
            assertThat(count(dataSource, "junction_webhook_inbox WHERE webhook_id = 'evt_new'")).isEqualTo(1);
            assertThat(count(dataSource, "junction_outbox WHERE state = 'SENT'")).as("sent just now").isEqualTo(1);
            assertThat(count(dataSource, "junction_outbox WHERE state = 'PENDING'")).isEqualTo(1);
        }
    }

    /** Adds one event through {@code outbox} and relays it, so it is sent at {@code outbox}'s clock's time. */
    private static void sendOne(Outbox outbox, DataSource dataSource) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            outbox.add(c, OutboxEvent.json("billing", "invoice.paid", "{}"));
        }
        assertThat(new OutboxRelay(outbox, m -> OutcomeClass.SUCCESS, RelayConfig.DEFAULT, new SplittableRandom(1)).runOnce()).isEqualTo(1);
    }

    private static int count(DataSource dataSource, String from) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + from)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
