package dev.junction.engine.transform;

import dev.junction.core.config.DestinationSpec;
import dev.junction.core.config.RouteSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which transforms a delivery's body goes through when it is sent: the transform of the route that took its
 * message to its destination, then the destination's own. Bound by (source, destination) at send time, from
 * the configuration as it is then; the config reader refuses two routes of one source that would reach one
 * destination with different transforms, so the first route naming it decides, as for ordering (ADR 0025).
 */
public final class Transforms {

    public static final Transforms NONE = new Transforms(Map.of(), Map.of());

    private final Map<String, Transform> byRoute;
    private final Map<String, Transform> byDestination;

    private Transforms(Map<String, Transform> byRoute, Map<String, Transform> byDestination) {
        this.byRoute = byRoute;
        this.byDestination = byDestination;
    }

    /** Compiles every transform in the configuration (already checked by the config reader). */
    public static Transforms of(List<RouteSpec> routes, Map<String, DestinationSpec> destinations) {
        Map<String, Transform> byRoute = new HashMap<>();
        for (RouteSpec route : routes) {
            if (route.transform() == null) continue;
            Transform t = Transform.compile(route.transform());
            for (String destination : route.to()) byRoute.putIfAbsent(key(route.from(), destination), t);
        }
        Map<String, Transform> byDestination = new HashMap<>();
        destinations.forEach((name, d) -> {
            if (d.transform() != null) byDestination.put(name, Transform.compile(d.transform()));
        });
        if (byRoute.isEmpty() && byDestination.isEmpty()) return NONE;
        return new Transforms(Map.copyOf(byRoute), Map.copyOf(byDestination));
    }

    /** The transforms a delivery of a message of {@code source} to {@code destination} goes through, in order; often none. */
    public List<Transform> steps(String source, String destination) {
        if (this == NONE) return List.of();
        List<Transform> steps = new ArrayList<>(2);
        Transform route = byRoute.get(key(source, destination));
        if (route != null) steps.add(route);
        Transform own = byDestination.get(destination);
        if (own != null) steps.add(own);
        return steps;
    }

    private static String key(String source, String destination) {
        return source + '\u0000' + destination;
    }
}
