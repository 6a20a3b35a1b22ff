package dev.junction.store;

import dev.junction.core.model.DeliveryState;
import java.time.Instant;

/**
 * A delivery as shown to operators. {@code orderingKey}: the key its destination delivers in order by (a sync write's
 * record key), or null; a dead one holds the key's later deliveries back.
 */
public record DeliveryView(String id, String messageId, String source, String destination, DeliveryState state,
                           int attempts, Instant nextAttemptAt, String lastError, Instant createdAt, Instant updatedAt, String orderingKey) {}
