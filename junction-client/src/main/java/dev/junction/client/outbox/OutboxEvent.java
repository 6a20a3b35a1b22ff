package dev.junction.client.outbox;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * An event to send once the transaction that adds it commits.
 *
 * @param destination  which sender it goes to, as the relay's {@link OutboxSender} understands it (e.g. an application)
 * @param type         the event's type, e.g. {@code invoice.paid}
 * @param payload      the body to send, usually JSON
 * @param orderingKey  events with the same key are sent one at a time in the order they were added (e.g. an order
 *                     id); null for no ordering
 */
public record OutboxEvent(String destination, String type, byte[] payload, String orderingKey) {

    public OutboxEvent {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payload, "payload");
    }

    /** An unordered event with a JSON payload. */
    public static OutboxEvent json(String destination, String type, String json) {
        return new OutboxEvent(destination, type, json.getBytes(StandardCharsets.UTF_8), null);
    }

    /** This event, sent after every earlier event with the same {@code key} and before every later one. */
    public OutboxEvent orderedBy(String key) {
        return new OutboxEvent(destination, type, payload, key);
    }
}
