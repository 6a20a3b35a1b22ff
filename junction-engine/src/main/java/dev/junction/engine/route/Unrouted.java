package dev.junction.engine.route;

import dev.junction.core.config.RouteSpec;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Why a stored message has no delivery, in plain words. Worked out from the configuration as it is when the
 * story is read, not as it was when the event arrived: what the operator needs is what to change now.
 */
public final class Unrouted {

    private final Set<String> sources;
    private final List<RouteSpec> routes;
    private final Router router;

    public Unrouted(Collection<String> sources, List<RouteSpec> routes) {
        this.sources = Set.copyOf(sources);
        this.routes = List.copyOf(routes);
        this.router = new Router(routes);
    }

    /** Why a message of {@code source} with type {@code eventType} (null: none) has no delivery. */
    public String why(String source, String eventType) {
        if (!sources.contains(source)) return "source '" + source + "' is no longer configured";
        List<RouteSpec> own = routes.stream().filter(r -> r.from().equals(source)).toList();
        if (own.isEmpty()) return "source '" + source + "' has no routes";
        String what = eventType == null ? "events without a type" : "type '" + eventType + "'";
        List<String> takenTo = router.destinationsFor(source, eventType);
        if (!takenTo.isEmpty()) {
            // Routes take it today, so it was not for lack of a route then: the config changed, or deliveries went.
            return "routes of source '" + source + "' take " + what + " now (to " + String.join(", ", takenTo)
                    + "), but it has no deliveries: the routes changed after it arrived, or its dead deliveries were purged";
        }
        Set<String> taken = new LinkedHashSet<>();
        for (RouteSpec r : own) taken.addAll(r.when().types());
        return "no route of source '" + source + "' takes " + what + " (routes take: " + String.join(", ", taken) + ")";
    }
}
