package dev.junction.core.config;

import java.util.List;

/**
 * Every message from source {@code from} is delivered to each destination in {@code to}.
 *
 * @param ordering optional per-key ordering of this route's deliveries, or null
 */
public record RouteSpec(String from, List<String> to, Ordering ordering) {
    public RouteSpec {
        to = List.copyOf(to);
    }

    public RouteSpec(String from, List<String> to) {
        this(from, to, null);
    }

    /**
     * Deliveries whose messages share a key (a header, or a JSON pointer into the body) go to each
     * destination one at a time, in the order they were received. Messages without the key are unordered.
     *
     * @param skipDead when false (the default) a dead delivery holds back its key until replayed or purged
     */
    public record Ordering(String header, String jsonPointer, boolean skipDead) {}
}
