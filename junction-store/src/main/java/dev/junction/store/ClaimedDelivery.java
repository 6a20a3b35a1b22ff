package dev.junction.store;

import java.time.Instant;

/**
 * A delivery leased to one worker until {@code leaseUntil}; {@code attemptsMade} counts the attempts
 * recorded before this claim; {@code orderingKey} is null for an unordered delivery (finishing a keyed one
 * may let the next of its key go).
 */
public record ClaimedDelivery(String id, String destination, int attemptsMade, Instant createdAt, Instant leaseUntil,
                              StoredMessage message, String orderingKey) {}
