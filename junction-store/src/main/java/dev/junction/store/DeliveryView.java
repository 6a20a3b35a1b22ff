package dev.junction.store;

import dev.junction.core.model.DeliveryState;
import java.time.Instant;

/** A delivery as shown to operators. */
public record DeliveryView(String id, String messageId, String source, String destination, DeliveryState state,
                           int attempts, Instant nextAttemptAt, String lastError, Instant createdAt, Instant updatedAt) {}
