package dev.junction.client.webhook;

import dev.junction.client.jdbc.ClientStoreException;
import dev.junction.client.jdbc.SchemaMigrations;
import dev.junction.client.jdbc.SqlDialect;
import dev.junction.client.jdbc.StoredText;
import dev.junction.client.jdbc.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * The webhooks a service has received, by {@code (source, id)}, in its own database ({@code junction_webhook_inbox},
 * created by {@link SchemaMigrations}): a provider's redelivery of a webhook already handled is recognised and
 * skipped. Record the webhook in the same transaction as its effects ({@link #firstDelivery(Connection,
 * VerifiedWebhook)}), so that a handler that fails, or a crash between the two, can neither lose the event nor apply
 * it twice: the failed attempt's record is rolled back with its effects, and the provider's redelivery is handled.
 */
public final class WebhookInbox {

    /** How long an id is remembered: far beyond any provider's retries (Stripe's last about 3 days). */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);

    private static final String COLUMNS = "source, webhook_id, event_type, received_at, expires_at";

    private final Transactions tx;
    private final Clock clock;
    private final Duration retention;
    private final String insert;

    /** An inbox on {@code dataSource} that remembers ids for {@code retention}; creates its table if it is not there. */
    public WebhookInbox(DataSource dataSource, Clock clock, Duration retention) {
        SchemaMigrations.migrate(dataSource);
        this.tx = new Transactions(dataSource);
        this.clock = clock;
        this.retention = retention;
        this.insert = tx.dialect().insertIgnoringDuplicates("junction_webhook_inbox", COLUMNS);
    }

    /** An inbox on {@code dataSource} with the system clock and {@link #DEFAULT_RETENTION}. */
    public static WebhookInbox create(DataSource dataSource) {
        return new WebhookInbox(dataSource, Clock.systemUTC(), DEFAULT_RETENTION);
    }

    /**
     * Records {@code webhook} and commits at once, before the caller handles it; true the first time, false for a
     * redelivery. This handles a webhook <em>at most once</em>: if the handler then fails or the process dies, the
     * record stays, the provider's redelivery gets false, and the event is never handled. Use it only where losing
     * an event is better than handling it twice (a notification to a person, say), or where the handler's effects are
     * not in this database; otherwise record it in the handler's transaction with {@link #firstDelivery(Connection,
     * VerifiedWebhook)}.
     */
    public boolean firstDeliveryAtMostOnce(VerifiedWebhook webhook) {
        return tx.autoCommit("record a webhook", c -> insert(c, webhook));
    }

    /**
     * Records {@code webhook} on the caller's connection, inside the caller's transaction; true the first time, false
     * for a redelivery (whose effects the caller then skips). A concurrent redelivery waits for this transaction.
     */
    public boolean firstDelivery(Connection connection, VerifiedWebhook webhook) {
        try {
            return insert(connection, webhook);
        } catch (SQLException e) {
            throw new ClientStoreException("record a webhook", e);
        }
    }

    /** Forgets up to {@code limit} ids whose retention passed; returns how many. */
    public int prune(int limit) {
        return prune(clock.instant(), limit);
    }

    /** Forgets up to {@code limit} ids whose retention passed by {@code now}; returns how many. */
    public int prune(Instant now, int limit) {
        String sql = tx.dialect() == SqlDialect.MARIADB
                ? "DELETE FROM junction_webhook_inbox WHERE expires_at <= ? LIMIT ?"
                : "DELETE FROM junction_webhook_inbox WHERE (source, webhook_id) IN"
                        + " (SELECT source, webhook_id FROM junction_webhook_inbox WHERE expires_at <= ? LIMIT ?)";
        return tx.autoCommit("prune the webhook inbox", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, now.toEpochMilli());
                ps.setInt(2, limit);
                return ps.executeUpdate();
            }
        });
    }

    private boolean insert(Connection c, VerifiedWebhook webhook) throws SQLException {
        long now = clock.millis();
        try (PreparedStatement ps = c.prepareStatement(insert)) {
            // Columns of 100, 255 and 200 characters: an overlong source or id is stored as its hash (still exact),
            // an overlong type cut (it only labels the row).
            ps.setString(1, StoredText.key(webhook.source(), 100));
            ps.setString(2, StoredText.key(webhook.id(), 255));
            ps.setString(3, StoredText.label(webhook.type().orElse(null), 200));
            ps.setLong(4, now);
            ps.setLong(5, now + retention.toMillis());
            return ps.executeUpdate() == 1;
        }
    }
}
