package dev.junction.store;

import dev.junction.core.model.DeliveryState;
import java.time.Instant;
import java.util.Map;

/**
 * A message as listed to operators: no headers, no body, only its size; its deliveries counted by state
 * (none at all when no route took it). {@code eventType} is null when its source named none.
 */
public record MessageSummary(String id, String source, String dedupeKey, Instant receivedAt, String traceId, long bodyBytes,
                             Map<DeliveryState, Integer> deliveries, String eventType) {
    public MessageSummary {
        deliveries = Map.copyOf(deliveries);
    }
}
