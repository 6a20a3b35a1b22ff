package dev.junction.core.config;

import java.util.Objects;

/**
 * A JSONata expression that reshapes a delivery's JSON body when it is sent (ADR 0025).
 *
 * @param expression the expression's text
 * @param origin     where it was written, for messages: {@code junction.yaml:14:16} or a mapping file's path
 */
public record TransformSpec(String expression, String origin) {
    public TransformSpec {
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(origin, "origin");
    }
}
