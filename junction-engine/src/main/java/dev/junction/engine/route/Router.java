package dev.junction.engine.route;

import dev.junction.core.config.RouteSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Which destinations a source's messages go to: the union of every route from that source. */
public final class Router {

    private final Map<String, List<String>> destinationsBySource;

    public Router(List<RouteSpec> routes) {
        Map<String, Set<String>> bySource = new LinkedHashMap<>();
        for (RouteSpec route : routes) {
            bySource.computeIfAbsent(route.from(), k -> new LinkedHashSet<>()).addAll(route.to());
        }
        Map<String, List<String>> frozen = new LinkedHashMap<>();
        bySource.forEach((source, destinations) -> frozen.put(source, List.copyOf(new ArrayList<>(destinations))));
        this.destinationsBySource = Map.copyOf(frozen);
    }

    public List<String> destinationsFor(String source) {
        return destinationsBySource.getOrDefault(source, List.of());
    }
}
