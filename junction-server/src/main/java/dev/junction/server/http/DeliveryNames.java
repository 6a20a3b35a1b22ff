package dev.junction.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.engine.deliver.Dispatcher;
import dev.junction.engine.route.RouteNames;
import dev.junction.store.OutboundApps;

/**
 * What the admin API says a delivery's destination is besides its name: the route it came by, for a configured
 * destination; whose endpoint it is and where it points, for an outbound endpoint (named by its {@code ep_} id alone,
 * which tells an operator nothing).
 */
record DeliveryNames(RouteNames routes, OutboundApps apps) {

    String route(String source, String destination) {
        return routes.of(source, destination);
    }

    /** The application and URL of the endpoint {@code destination} names; null for a configured destination or an endpoint deleted since. */
    ObjectNode endpoint(String destination) {
        if (!destination.startsWith(Dispatcher.ENDPOINT_PREFIX)) return null;
        return apps.endpoint(destination).map(e -> {
            ObjectNode node = Problem.JSON.createObjectNode().put("appId", e.appId());
            apps.app(e.appId()).ifPresent(a -> node.put("appUid", a.uid()).put("appName", a.name()));
            return node.put("url", e.url()).put("description", e.description()).put("disabled", e.disabled());
        }).orElse(null);
    }
}
