package dev.junction.engine.outbound;

/**
 * One way a payload breaks its event type's schema.
 *
 * @param path    where, as a JSON Pointer (RFC 6901) into the payload: {@code /amount}, {@code /lines/2/sku}, and
 *                {@code ""} for the payload itself; for {@code required}, the pointer of the missing member
 * @param rule    the schema keyword broken: {@code type}, {@code required}, {@code minimum}, {@code pattern}, ...
 * @param message what is wrong, in words (it may quote the offending value, which the publisher sent)
 */
public record SchemaViolation(String path, String rule, String message) {}
