package dev.junction.client.outbox;

/**
 * A committed event as the relay hands it to a sender.
 *
 * @param id          the event's id (a UUIDv7): send it as the {@code Idempotency-Key}, so a resend is recognised
 * @param destination the event's destination
 * @param type        the event's type
 * @param payload     the body
 * @param attempts    how many sends were tried before this one
 */
public record OutboxMessage(String id, String destination, String type, byte[] payload, int attempts) {}
