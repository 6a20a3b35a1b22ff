package dev.junction.store;

import dev.junction.core.model.DeliveryState;
import java.util.Map;

/** Counts for health, metrics and reports. */
public record StoreStats(long messages, Map<DeliveryState, Long> deliveries, long attempts) {
    public long deliveries(DeliveryState state) {
        return deliveries.getOrDefault(state, 0L);
    }
}
