package dev.junction.engine.outbound;

import java.time.Instant;
import java.util.List;

/** What the catalogue says of a payload published under an event type. */
public sealed interface Validation {

    /** True when the payload may be published. */
    default boolean accepted() {
        return this instanceof Accepted;
    }

    /**
     * Publish it. {@code declared} is false for a type the catalogue does not know (types need not be declared);
     * {@code checked} is true when a schema was applied.
     */
    record Accepted(String eventType, boolean declared, boolean checked) implements Validation {}

    /** Refuse it: the type is archived, so nothing new is published under it. */
    record Archived(String eventType, Instant archivedAt) implements Validation {}

    /** Refuse it: the payload breaks the type's schema, in these ways (in the validator's order, never empty). */
    record Violations(String eventType, List<SchemaViolation> violations) implements Validation {}
}
