package dev.junction.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.engine.deliver.Dispatcher;
import dev.junction.engine.route.RouteNames;
import dev.junction.store.Endpoint;
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

    /**
     * Adds to a replay's or resend's answer whether its destination is a disabled outbound endpoint, and if so that
     * nothing goes until it is enabled: a disabled endpoint holds its deliveries, and a bare 202 would read as sent.
     * Nothing for a configured destination.
     */
    ObjectNode disabled(ObjectNode answer, String destination) {
        if (destination == null || !destination.startsWith(Dispatcher.ENDPOINT_PREFIX)) return answer;
        apps.endpoint(destination).ifPresent(e -> disabled(answer, e));
        return answer;
    }

    static ObjectNode disabled(ObjectNode answer, Endpoint e) {
        answer.put("endpointDisabled", e.disabled());
        if (e.disabled()) {
            answer.put("note", "Endpoint " + e.id() + " is disabled: nothing is sent to it until it is enabled (PATCH the endpoint"
                    + " with {\"disabled\": false}); what was replayed waits for it until then.");
        }
        return answer;
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
