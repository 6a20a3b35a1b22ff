package dev.junction.server.config;

import dev.junction.core.config.DestinationSpec;
import dev.junction.core.config.RouteSpec;
import dev.junction.core.config.SyncSpec;
import dev.junction.core.retry.RetryPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a sync adds to the pipeline (ADR 0027): an internal destination {@code sync:NAME} whose sender runs the sync
 * step, and a route from each system's {@code from} source to it, ordered per record by the match key so that one
 * record's changes are handled one at a time.
 */
final class SyncRoutes {

    private SyncRoutes() {}

    static void add(SyncSpec sync, Map<String, DestinationSpec> destinations, List<RouteSpec> routes) {
        destinations.put(sync.destination(), new DestinationSpec(sync.destination(), URI.create(sync.destination()),
                timeout(sync, destinations), RetryPolicy.DEFAULT, null, Map.of()));
        for (SyncSpec.SystemSpec system : sync.systems().values()) {
            routes.add(new RouteSpec(system.from(), List.of(sync.destination()),
                    new RouteSpec.Ordering(null, system.record() + sync.match(), false, true)));
        }
    }

    /**
     * The step makes no remote call (it is one database transaction; its writes are deliveries of their own, on the
     * systems' destinations): so its destination takes the longest of its systems' timeouts, and never lengthens the
     * default lease (the longest destination timeout + 30 s) beyond what the systems' writes already need.
     */
    private static Duration timeout(SyncSpec sync, Map<String, DestinationSpec> destinations) {
        return sync.systems().values().stream().map(s -> destinations.get(s.to()).timeout()).max(Duration::compareTo).orElseThrow();
    }
}
