package dev.junction.store;

import java.time.Instant;

/** Where a delivery goes after an attempt. */
public sealed interface Completion {
    record Succeeded() implements Completion {}
    record RetryAt(Instant at) implements Completion {}
    record Dead(String reason) implements Completion {}
}
