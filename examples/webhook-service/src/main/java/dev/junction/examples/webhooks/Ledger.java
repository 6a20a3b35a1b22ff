package dev.junction.examples.webhooks;

import dev.junction.client.money.Money;
import dev.junction.client.outbox.Outbox;
import dev.junction.client.outbox.OutboxEvent;
import dev.junction.client.webhook.VerifiedWebhook;
import dev.junction.client.webhook.WebhookInbox;
import java.sql.Connection;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The service's own rows, each written in one transaction with what must go with it: an order with its outbox event;
 * a payment with its webhook's inbox record (so a redelivery is skipped exactly when the payment was recorded) and
 * its outbox event. The library's calls take the transaction's connection from Spring.
 */
@Component
public class Ledger {

    /** Where the outbox events go (the application at Junction, or a name for your endpoint). */
    static final String DESTINATION = "webhook-service";

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Outbox outbox;
    private final WebhookInbox inbox;

    public Ledger(DataSource dataSource, JdbcTemplate jdbc, TransactionTemplate tx, Outbox outbox, WebhookInbox inbox) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.tx = tx;
        this.outbox = outbox;
        this.inbox = inbox;
    }

    /** Records an order and its {@code order.created} event; returns the order's id. */
    public String createOrder(String sku, Money price, String reservation) {
        String id = UUID.randomUUID().toString();
        tx.executeWithoutResult(status -> {
            jdbc.update("INSERT INTO orders (id, sku, amount_minor, currency, reservation) VALUES (?, ?, ?, ?, ?)",
                    id, sku, price.minorUnits(), price.currency().getCurrencyCode(), reservation);
            outbox.add(connection(), OutboxEvent.json(DESTINATION, "order.created",
                    "{\"order\":\"" + id + "\",\"amount\":" + price.minorUnits() + ",\"currency\":\"" + price.currency().getCurrencyCode() + "\"}"));
        });
        return id;
    }

    /** Records a verified webhook's payment once; false for a redelivery. */
    public boolean recordPayment(VerifiedWebhook event) {
        return Boolean.TRUE.equals(tx.execute(status -> {
            if (!inbox.firstDelivery(connection(), event)) return false;
            jdbc.update("INSERT INTO payments (event_id, type) VALUES (?, ?)", event.id(), event.type().orElse("unknown"));
            outbox.add(connection(), OutboxEvent.json(DESTINATION, "payment.received", "{\"event\":\"" + event.id() + "\"}"));
            return true;
        }));
    }

    /** The connection of the running transaction (not to be closed: Spring does). */
    private Connection connection() {
        return DataSourceUtils.getConnection(dataSource);
    }
}
