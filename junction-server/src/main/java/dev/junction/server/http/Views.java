package dev.junction.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.store.AttemptRecord;
import dev.junction.store.DeliveryView;
import dev.junction.store.MessageSummary;

/** The JSON shapes of stored things as the admin API shows them. Bodies and headers are never shown. */
final class Views {

    private Views() {}

    static ObjectNode delivery(DeliveryView d) {
        return Problem.JSON.createObjectNode()
                .put("id", d.id()).put("messageId", d.messageId()).put("source", d.source())
                .put("destination", d.destination()).put("state", d.state().name()).put("attempts", d.attempts())
                .put("nextAttemptAt", d.nextAttemptAt().toString()).put("lastError", d.lastError())
                .put("createdAt", d.createdAt().toString()).put("updatedAt", d.updatedAt().toString());
    }

    static ObjectNode attempt(AttemptRecord a) {
        return Problem.JSON.createObjectNode().put("number", a.number()).put("startedAt", a.startedAt().toString())
                .put("durationMs", a.duration().toMillis()).put("outcome", a.outcome().name())
                .put("status", a.status()).put("error", a.error()).put("responseExcerpt", a.responseExcerpt());
    }

    static ObjectNode message(MessageSummary m) {
        ObjectNode node = Problem.JSON.createObjectNode()
                .put("id", m.id()).put("source", m.source()).put("type", m.eventType()).put("dedupeKey", m.dedupeKey())
                .put("receivedAt", m.receivedAt().toString()).put("traceId", m.traceId()).put("bodyBytes", m.bodyBytes());
        ObjectNode states = node.putObject("deliveries");
        m.deliveries().forEach((state, count) -> states.put(state.name(), count));
        return node;
    }
}
