package dev.junction.engine.route;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.core.config.RouteSpec;
import dev.junction.core.event.EventTypeGlob;
import dev.junction.core.verify.WebhookRequest;
import dev.junction.store.PlannedDelivery;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which destinations a message goes to: the union of the destinations of its source's routes that take its
 * event type, each with the ordering key of the first such route that names it.
 */
public final class Router {

    private static final ObjectMapper JSON = new ObjectMapper();

    private record Target(String destination, RouteSpec.Ordering ordering) {}

    /** A route as the router applies it; {@code types} null when it takes every event of its source. */
    private record Route(List<EventTypeGlob> types, List<Target> targets) {
        boolean takes(String eventType) {
            return types == null || EventTypeGlob.anyMatches(types, eventType);
        }
    }

    private final Map<String, List<Route>> routesBySource;
    private final Map<String, List<String>> destinationsBySource;

    public Router(List<RouteSpec> routes) {
        Map<String, List<Route>> bySource = new LinkedHashMap<>();
        for (RouteSpec route : routes) {
            List<EventTypeGlob> types = route.when() == null ? null : EventTypeGlob.all(route.when().types());
            List<Target> targets = route.to().stream().map(d -> new Target(d, route.ordering())).toList();
            bySource.computeIfAbsent(route.from(), k -> new ArrayList<>()).add(new Route(types, targets));
        }
        Map<String, List<Route>> frozen = new LinkedHashMap<>();
        Map<String, List<String>> destinations = new LinkedHashMap<>();
        bySource.forEach((source, list) -> {
            frozen.put(source, List.copyOf(list));
            Set<String> names = new LinkedHashSet<>();
            list.forEach(r -> r.targets().forEach(t -> names.add(t.destination())));
            destinations.put(source, List.copyOf(names));
        });
        this.routesBySource = Map.copyOf(frozen);
        this.destinationsBySource = Map.copyOf(destinations);
    }

    /** Every destination some route of {@code source} names, whatever the event type. */
    public List<String> destinationsFor(String source) {
        return destinationsBySource.getOrDefault(source, List.of());
    }

    /** The destinations of the routes of {@code source} that take {@code eventType} (null: an event without a type). */
    public List<String> destinationsFor(String source, String eventType) {
        Set<String> names = new LinkedHashSet<>();
        for (Route r : routesBySource.getOrDefault(source, List.of())) {
            if (r.takes(eventType)) r.targets().forEach(t -> names.add(t.destination()));
        }
        return List.copyOf(names);
    }

    /**
     * The deliveries to create for one message of {@code source} whose type is {@code eventType} (null when it
     * has none); empty when no route takes it.
     */
    public List<PlannedDelivery> plan(String source, String eventType, WebhookRequest request) {
        List<Route> routes = routesBySource.getOrDefault(source, List.of());
        List<PlannedDelivery> planned = new ArrayList<>(routes.size());
        JsonNode[] body = new JsonNode[1];
        for (Route route : routes) {
            if (!route.takes(eventType)) continue;
            for (Target t : route.targets()) {
                // A destination named by two routes that take the message gets one delivery; the first route's ordering applies.
                if (planned(planned, t.destination())) continue;
                RouteSpec.Ordering o = t.ordering();
                String key = o == null ? null : o.key(orderingKey(o, request, body));
                planned.add(new PlannedDelivery(t.destination(), key, o != null && o.skipDead()));
            }
        }
        return planned;
    }

    /** A linear look: a source has a handful of destinations, and most messages are planned without a set. */
    private static boolean planned(List<PlannedDelivery> planned, String destination) {
        for (PlannedDelivery p : planned) if (p.destination().equals(destination)) return true;
        return false;
    }

    private static String orderingKey(RouteSpec.Ordering o, WebhookRequest request, JsonNode[] parsed) {
        if (o.header() != null) return request.header(o.header()).filter(v -> !v.isBlank()).orElse(null);
        if (parsed[0] == null) {
            try {
                parsed[0] = JSON.readTree(request.body());
            } catch (IOException e) {
                parsed[0] = JSON.missingNode();
            }
            if (parsed[0] == null) parsed[0] = JSON.missingNode();
        }
        JsonNode value = parsed[0].at(o.jsonPointer());
        if (value.isMissingNode() || value.isNull()) return null;
        return value.isTextual() ? value.asText() : value.toString();
    }
}
