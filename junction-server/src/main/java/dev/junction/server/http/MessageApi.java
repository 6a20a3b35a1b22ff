package dev.junction.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.core.config.RouteSpec;
import dev.junction.core.config.SourceSpec;
import dev.junction.engine.route.Unrouted;
import dev.junction.store.DeliveryView;
import dev.junction.store.MessageFilter;
import dev.junction.store.MessageSummary;
import dev.junction.store.AdminReads;
import dev.junction.store.StoredMessage;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Message search, and one message's story: received, verified, and every attempt of every delivery, or why it
 * has none.
 */
final class MessageApi {

    private final AdminReads store;
    private final Map<String, SourceSpec> sources;
    private final Unrouted unrouted;
    private final DeliveryNames names;

    MessageApi(AdminReads store, Map<String, SourceSpec> sources, List<RouteSpec> routes, DeliveryNames names) {
        this.store = store;
        this.sources = sources;
        this.unrouted = new Unrouted(sources.keySet(), routes);
        this.names = names;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/v1/messages", this::search);
        routes.get("/api/v1/messages/{id}", this::story);
    }

    /**
     * Newest first; {@code status} matches a message when any of its deliveries is in that state, {@code type} when
     * its event type matches the pattern (as in a route's when.type).
     */
    private void search(Context ctx) {
        Params.only(ctx, Set.of("source", "status", "type", "dedupe_key", "received_after", "received_before", "cursor", "limit"));
        Instant after = Params.instant(ctx, "received_after");
        Instant before = Params.instant(ctx, "received_before");
        if (after != null && before != null && !after.isBefore(before)) {
            throw new BadParameter("received_before", "received_before must be later than received_after.");
        }
        MessageFilter filter = new MessageFilter(Params.text(ctx, "source"), Params.text(ctx, "dedupe_key"), Params.state(ctx, "status"),
                after, before, Params.text(ctx, "type"));
        Paging.Request page = Paging.read(ctx, "messages");
        Paging.write(ctx, page, store.messages(filter, page.newestFirst()), MessageSummary::id, Views::message);
    }

    private void story(Context ctx) {
        Optional<StoredMessage> found = store.message(ctx.pathParam("id"));
        if (found.isEmpty()) {
            Problem.write(ctx, 404, "no-such-message", "No such message", "No message has id " + ctx.pathParam("id") + ".");
            return;
        }
        StoredMessage m = found.get();
        SourceSpec source = sources.get(m.source());
        ObjectNode body = Problem.JSON.createObjectNode()
                .put("id", m.id()).put("source", m.source()).put("type", m.eventType()).put("dedupeKey", m.dedupeKey())
                .put("receivedAt", m.receivedAt().toString()).put("contentType", m.contentType())
                .put("traceId", m.traceId()).put("bodyBytes", m.body().length)
                // Only requests that passed verification are stored: this is the source's scheme ("none": not
                // verified), as configured now; null when the source is no longer configured.
                .put("verification", source == null ? null : source.polled() ? source.kind() : source.verify().scheme());
        List<DeliveryView> planned = store.deliveriesOf(m.id());
        // Only a message that went nowhere is explained; the reason is worked out from the routes as they are now.
        body.put("unrouted", planned.isEmpty() ? unrouted.why(m.source(), m.eventType()) : null);
        ArrayNode deliveries = body.putArray("deliveries");
        planned.forEach(d -> deliveries.add(DeliveryApi.withAttempts(store, d, names)));
        ctx.contentType("application/json").result(body.toString());
    }
}
