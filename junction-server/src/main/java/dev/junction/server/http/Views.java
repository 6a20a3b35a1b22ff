package dev.junction.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.store.App;
import dev.junction.store.AttemptRecord;
import dev.junction.store.DeliveryView;
import dev.junction.store.Endpoint;
import dev.junction.store.MessageSummary;
import java.util.List;

/** The JSON shapes of stored things as the admin API shows them. Bodies and headers are never shown. */
final class Views {

    private Views() {}

    /**
     * {@code names} says the route each delivery came by and, for an outbound endpoint's, whose endpoint it is; null
     * where the endpoint is already known (an endpoint's own deliveries).
     */
    static ObjectNode delivery(DeliveryView d, DeliveryNames names) {
        ObjectNode node = Problem.JSON.createObjectNode()
                .put("id", d.id()).put("messageId", d.messageId()).put("source", d.source())
                .put("destination", d.destination()).put("route", names == null ? null : names.route(d.source(), d.destination()))
                .put("state", d.state().name()).put("attempts", d.attempts())
                .put("nextAttemptAt", d.nextAttemptAt().toString()).put("lastError", d.lastError())
                .put("createdAt", d.createdAt().toString()).put("updatedAt", d.updatedAt().toString())
                .put("orderingKey", d.orderingKey());
        if (names != null) node.set("endpoint", names.endpoint(d.destination()));
        return node;
    }

    static ObjectNode attempt(AttemptRecord a) {
        return Problem.JSON.createObjectNode().put("number", a.number()).put("startedAt", a.startedAt().toString())
                .put("durationMs", a.duration().toMillis()).put("outcome", a.outcome().name())
                .put("status", a.status()).put("error", a.error()).put("responseExcerpt", a.responseExcerpt())
                .put("batchId", a.batchId());
    }

    static ObjectNode message(MessageSummary m) {
        ObjectNode node = Problem.JSON.createObjectNode()
                .put("id", m.id()).put("source", m.source()).put("type", m.eventType()).put("dedupeKey", m.dedupeKey())
                .put("receivedAt", m.receivedAt().toString()).put("traceId", m.traceId()).put("bodyBytes", m.bodyBytes());
        ObjectNode states = node.putObject("deliveries");
        m.deliveries().forEach((state, count) -> states.put(state.name(), count));
        return node;
    }

    static ObjectNode app(App app) {
        return Problem.JSON.createObjectNode().put("id", app.id()).put("uid", app.uid()).put("name", app.name())
                .put("createdAt", app.createdAt().toString());
    }

    /** Never the secret: it has its own route, so lists and logs of responses do not carry it. */
    static ObjectNode endpoint(Endpoint e) {
        ObjectNode node = Problem.JSON.createObjectNode().put("id", e.id()).put("appId", e.appId()).put("url", e.url())
                .put("description", e.description()).put("rateLimit", e.rateLimit()).put("disabled", e.disabled())
                .put("createdAt", e.createdAt().toString()).put("updatedAt", e.updatedAt().toString());
        node.set("filterTypes", e.filterTypes() == null ? null : Problem.JSON.valueToTree(e.filterTypes()));
        node.set("channels", e.channels() == null ? null : Problem.JSON.valueToTree(e.channels()));
        node.set("headerNames", Problem.JSON.valueToTree(List.copyOf(e.headers().keySet())));
        // Rotating while the previous secret still signs: once its grace ends, deliveries carry the new signature alone.
        boolean rotating = e.rotating(java.time.Instant.now());
        node.put("rotating", rotating);
        node.put("previousExpiresAt", rotating ? e.previousExpiresAt().toString() : null);
        return node;
    }
}
