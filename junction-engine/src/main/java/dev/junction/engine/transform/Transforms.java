package dev.junction.engine.transform;

import dev.junction.core.config.DestinationSpec;
import dev.junction.core.config.RouteSpec;
import dev.junction.engine.enrich.Enricher;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a delivery's body goes through when it is sent: the enrichment of the route that took its message to its
 * destination, that route's transform, then the destination's own. Bound by (source, destination) at send time, from
 * the configuration as it is then; the config reader refuses two routes of one source that would reach one
 * destination with different transforms, so the first route naming it decides, as for ordering (ADR 0025).
 */
public final class Transforms implements AutoCloseable {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    public static final Transforms NONE = new Transforms(Map.of(), Map.of(), Map.of(), null);

    private final Map<String, Transform> byRoute;
    private final Map<String, Transform> byDestination;
    private final Map<String, Enricher> enrichers;
    /** The enrichments' client, null when no route enriches. */
    private final HttpClient client;

    private Transforms(Map<String, Transform> byRoute, Map<String, Transform> byDestination, Map<String, Enricher> enrichers,
                       HttpClient client) {
        this.byRoute = byRoute;
        this.byDestination = byDestination;
        this.enrichers = enrichers;
        this.client = client;
    }

    /** Compiles every transform in the configuration (already checked by the config reader). */
    public static Transforms of(List<RouteSpec> routes, Map<String, DestinationSpec> destinations) {
        Map<String, Transform> byRoute = new HashMap<>();
        Map<String, Enricher> enrichers = new HashMap<>();
        HttpClient client = null;
        for (RouteSpec route : routes) {
            if (route.transform() != null) {
                Transform t = Transform.compile(route.transform());
                for (String destination : route.to()) byRoute.putIfAbsent(key(route.from(), destination), t);
            }
            if (route.enrich() != null) {
                // Redirects are never followed (the default): the configured host is the only one asked.
                if (client == null) client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
                Enricher e = new Enricher(route.enrich(), client);
                for (String destination : route.to()) enrichers.putIfAbsent(key(route.from(), destination), e);
            }
        }
        Map<String, Transform> byDestination = new HashMap<>();
        destinations.forEach((name, d) -> {
            if (d.transform() != null) byDestination.put(name, Transform.compile(d.transform()));
        });
        if (byRoute.isEmpty() && byDestination.isEmpty() && enrichers.isEmpty()) return NONE;
        return new Transforms(Map.copyOf(byRoute), Map.copyOf(byDestination), Map.copyOf(enrichers), client);
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

    /** The route's enrichment for such a delivery, which runs before its transforms; null when none. */
    public Enricher enricher(String source, String destination) {
        return enrichers.get(key(source, destination));
    }

    /** Closes the enrichments' HTTP client; fetches in flight fail (and their deliveries are retried). */
    @Override
    public void close() {
        if (client != null) client.shutdownNow();
    }

    private static String key(String source, String destination) {
        return source + '\u0000' + destination;
    }
}
