package dev.junction.engine.deliver;

/**
 * One request that carries several deliveries to a batch destination (ADR 0026).
 *
 * @param id          the batch's id: {@code webhook-id} of the request, and recorded with each delivery's attempt
 * @param body        the payloads put together in the destination's batch format
 * @param contentType the format's content type
 */
public record Batch(String id, byte[] body, String contentType) {}
