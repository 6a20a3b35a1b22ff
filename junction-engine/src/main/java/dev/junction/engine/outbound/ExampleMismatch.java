package dev.junction.engine.outbound;

import java.util.List;

/** An example given with an event type does not fit its schema: which one (from 0) and how. */
public final class ExampleMismatch extends RuntimeException {

    private final int index;
    private final List<SchemaViolation> violations;

    public ExampleMismatch(int index, List<SchemaViolation> violations) {
        super("examples[" + index + "] does not match the schema: " + JsonSchemas.describe(violations.get(0)), null, false, false);
        this.index = index;
        this.violations = List.copyOf(violations);
    }

    public int index() {
        return index;
    }

    public List<SchemaViolation> violations() {
        return violations;
    }
}
