package dev.junction.server.config;

import dev.junction.core.config.DestinationSpec;
import dev.junction.core.config.RouteSpec;
import dev.junction.core.config.SyncSpec;
import dev.junction.server.config.YamlTree.MapNode;
import dev.junction.server.config.YamlTree.Node;
import java.util.List;
import java.util.Map;

/**
 * Refuses a {@code transform:} on a destination that is a sync system's API. A sync's writes carry the synced fields as
 * they are (a sync has no per-system field mapping), so such a transform would never run on them; on a destination
 * that ordinary routes also reach it would reshape their deliveries and not the sync's writes.
 */
final class SyncApiTransforms {

    private SyncApiTransforms() {}

    /** @param routes the ordinary routes (not those the syncs add) */
    static void check(Values values, Node destinationsNode, Map<String, DestinationSpec> destinations, Map<String, SyncSpec> syncs,
                      List<RouteSpec> routes) {
        for (SyncSpec sync : syncs.values()) {
            for (SyncSpec.SystemSpec system : sync.systems().values()) {
                if (destinations.get(system.to()).transform() == null) continue;
                // A destination with a transform was read from a mapping that has the key.
                MapNode destination = (MapNode) ((MapNode) destinationsNode).entries().get(system.to());
                throw values.errorAtKey(destination.entries().get("transform"), problem(system.to(), sync.name(), system.name(), routes));
            }
        }
    }

    private static String problem(String destination, String sync, String system, List<RouteSpec> routes) {
        String whose = destination + " is the API of system '" + system + "' of sync '" + sync + "'";
        RouteSpec route = routes.stream().filter(r -> r.to().contains(destination)).findFirst().orElse(null);
        if (route == null) {
            return whose + ": a sync writes the fields it keeps in step as they are, with no mapping per system (every system's records"
                    + " use the sync's fields), so this transform would never run; remove it";
        }
        return whose + " and a destination of " + RouteReader.describe(route, routes) + ": this transform would reshape the route's"
                + " deliveries but never the sync's writes, which carry the fields it keeps in step as they are; move it to the route's transform:";
    }
}
