package dev.junction.store;

import java.time.Instant;
import java.util.Map;

/** A verified inbound event about to be stored. Immutable once stored. */
public record NewMessage(String id, String source, String dedupeKey, Instant receivedAt, String contentType,
                         Map<String, String> headers, byte[] body, String traceId) {
    public NewMessage {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }
}
