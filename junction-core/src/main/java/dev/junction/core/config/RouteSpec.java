package dev.junction.core.config;

import java.util.List;

/** Every message from source {@code from} is delivered to each destination in {@code to}. */
public record RouteSpec(String from, List<String> to) {
    public RouteSpec {
        to = List.copyOf(to);
    }
}
