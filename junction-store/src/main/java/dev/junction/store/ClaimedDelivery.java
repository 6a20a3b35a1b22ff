package dev.junction.store;

import java.time.Instant;

/**
 * A delivery leased to one worker until {@code leaseUntil}; {@code attemptsMade} counts the attempts
 * recorded before this claim.
 */
public record ClaimedDelivery(String id, String destination, int attemptsMade, Instant createdAt, Instant leaseUntil,
                              StoredMessage message) {}
