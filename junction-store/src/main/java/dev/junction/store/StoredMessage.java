package dev.junction.store;

import java.time.Instant;
import java.util.Map;

/** A message as kept in the store; {@code eventType} is null when its source named none. */
public record StoredMessage(String id, String source, String dedupeKey, Instant receivedAt, String contentType,
                            Map<String, String> headers, byte[] body, String traceId, String eventType) {}
