package dev.junction.client.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.junction.client.jdbc.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WebhookInboxTest {

    @TempDir
    Path dir;

    private static final VerifiedWebhook EVT = new VerifiedWebhook("stripe", "evt_1", Optional.of("invoice.paid"));

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void aRedeliveryIsRecognisedPerSource(TestDatabases.Kind kind) {
        try (HikariDataSource db = TestDatabases.fresh(kind, dir)) {
            WebhookInbox inbox = WebhookInbox.create(db);
            assertThat(inbox.firstDeliveryAtMostOnce(EVT)).isTrue();
            assertThat(inbox.firstDeliveryAtMostOnce(EVT)).isFalse();
            assertThat(inbox.firstDeliveryAtMostOnce(new VerifiedWebhook("stripe-eu", "evt_1", Optional.empty()))).isTrue();
            assertThat(inbox.firstDeliveryAtMostOnce(new VerifiedWebhook("stripe", "EVT_1", Optional.empty()))).as("ids are case-sensitive").isTrue();
        }
    }

    /**
     * Ids, sources and types longer than their columns: two ids sharing their first 255 characters are two events (MariaDB
     * cut both to one and took the second for a redelivery; PostgreSQL refused them, a failure the sender retried for ever).
     */
    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void overlongIdsStayDistinctAndOverlongTypesAreStored(TestDatabases.Kind kind) {
        try (HikariDataSource db = TestDatabases.fresh(kind, dir)) {
            WebhookInbox inbox = WebhookInbox.create(db);
            String prefix = "evt_" + "x".repeat(251);
            Optional<String> longType = Optional.of("t".repeat(300));
            assertThat(inbox.firstDeliveryAtMostOnce(new VerifiedWebhook("stripe", prefix + "-one", longType))).isTrue();
            assertThat(inbox.firstDeliveryAtMostOnce(new VerifiedWebhook("stripe", prefix + "-two", longType))).as("another event").isTrue();
            assertThat(inbox.firstDeliveryAtMostOnce(new VerifiedWebhook("stripe", prefix + "-one", Optional.empty()))).as("a redelivery").isFalse();
            String source = "s".repeat(120);
            assertThat(inbox.firstDeliveryAtMostOnce(new VerifiedWebhook(source + "a", "evt_1", Optional.empty()))).isTrue();
            assertThat(inbox.firstDeliveryAtMostOnce(new VerifiedWebhook(source + "b", "evt_1", Optional.empty()))).as("another source").isTrue();
            assertThat(inbox.firstDeliveryAtMostOnce(new VerifiedWebhook(source + "a", "evt_1", Optional.empty()))).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void aDeliveryRecordedInARolledBackTransactionIsNotRemembered(TestDatabases.Kind kind) throws Exception {
        try (HikariDataSource db = TestDatabases.fresh(kind, dir)) {
            WebhookInbox inbox = WebhookInbox.create(db);
            try (Connection c = db.getConnection()) {
                c.setAutoCommit(false);
                assertThat(inbox.firstDelivery(c, EVT)).isTrue();
                c.rollback();
            }
            assertThat(inbox.firstDeliveryAtMostOnce(EVT)).as("the handler failed, so the redelivery is handled").isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void idsAreForgottenOnceTheirRetentionPassed(TestDatabases.Kind kind) {
        try (HikariDataSource db = TestDatabases.fresh(kind, dir)) {
            Instant t0 = Instant.parse("2026-11-30T12:00:00Z");
            new WebhookInbox(db, Clock.fixed(t0, ZoneOffset.UTC), Duration.ofDays(1)).firstDeliveryAtMostOnce(EVT);
            WebhookInbox later = new WebhookInbox(db, Clock.fixed(t0.plus(Duration.ofDays(1)), ZoneOffset.UTC), Duration.ofDays(1));
            assertThat(later.prune(100)).isEqualTo(1);
            assertThat(later.firstDeliveryAtMostOnce(EVT)).isTrue();
        }
    }
}
