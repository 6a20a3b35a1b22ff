package dev.junction.engine.route;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.core.config.RouteSpec;
import dev.junction.core.verify.WebhookRequest;
import dev.junction.store.PlannedDelivery;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Which destinations a source's messages go to (the union of its routes), and with which ordering key. */
public final class Router {

    private static final ObjectMapper JSON = new ObjectMapper();

    private record Target(String destination, RouteSpec.Ordering ordering) {}

    private final Map<String, List<Target>> targetsBySource;

    public Router(List<RouteSpec> routes) {
        Map<String, Map<String, Target>> bySource = new LinkedHashMap<>();
        for (RouteSpec route : routes) {
            Map<String, Target> targets = bySource.computeIfAbsent(route.from(), k -> new LinkedHashMap<>());
            // A destination named by two routes of one source gets one delivery; the first route's ordering applies.
            for (String destination : route.to()) targets.putIfAbsent(destination, new Target(destination, route.ordering()));
        }
        Map<String, List<Target>> frozen = new LinkedHashMap<>();
        bySource.forEach((source, targets) -> frozen.put(source, List.copyOf(targets.values())));
        this.targetsBySource = Map.copyOf(frozen);
    }

    public List<String> destinationsFor(String source) {
        return targetsBySource.getOrDefault(source, List.of()).stream().map(Target::destination).toList();
    }

    /** The deliveries to create for one message of {@code source}. */
    public List<PlannedDelivery> plan(String source, WebhookRequest request) {
        List<Target> targets = targetsBySource.getOrDefault(source, List.of());
        List<PlannedDelivery> planned = new ArrayList<>(targets.size());
        JsonNode[] body = new JsonNode[1];
        for (Target t : targets) {
            RouteSpec.Ordering o = t.ordering();
            String key = o == null ? null : orderingKey(o, request, body);
            planned.add(new PlannedDelivery(t.destination(), key, o != null && o.skipDead()));
        }
        return planned;
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
