package dev.junction.store;

import java.time.Instant;
import java.util.Map;

/**
 * A verified inbound event about to be stored. Immutable once stored.
 *
 * @param eventType the type its source names (e.g. payment_intent.succeeded), or null when it names none
 */
public record NewMessage(String id, String source, String dedupeKey, Instant receivedAt, String contentType,
                         Map<String, String> headers, byte[] body, String traceId, String eventType) {
    public NewMessage {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    /** An event without a type. */
    public NewMessage(String id, String source, String dedupeKey, Instant receivedAt, String contentType,
                      Map<String, String> headers, byte[] body, String traceId) {
        this(id, source, dedupeKey, receivedAt, contentType, headers, body, traceId, null);
    }
}
