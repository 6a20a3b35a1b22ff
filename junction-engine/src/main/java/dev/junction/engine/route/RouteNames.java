package dev.junction.engine.route;

import dev.junction.core.config.RouteSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The route a delivery came by, for showing it: the first route of its message's source that names its
 * destination, the one whose ordering and transform apply (two routes of a source to one destination make
 * one delivery, see {@link Router}). Read from the configuration as it is now.
 */
public final class RouteNames {

    private final Map<String, String> bySourceAndDestination = new HashMap<>();

    public RouteNames(List<RouteSpec> routes) {
        Map<String, Boolean> seen = new HashMap<>();
        for (RouteSpec route : routes) {
            for (String destination : route.to()) {
                String key = route.from() + '\u0000' + destination;
                if (seen.putIfAbsent(key, Boolean.TRUE) == null && route.name() != null) bySourceAndDestination.put(key, route.name());
            }
        }
    }

    /** The route's name, or null when that route has none (or no route joins them any longer). */
    public String of(String source, String destination) {
        return bySourceAndDestination.get(source + '\u0000' + destination);
    }
}
