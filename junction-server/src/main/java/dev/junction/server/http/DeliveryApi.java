package dev.junction.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.core.model.DeliveryState;
import dev.junction.store.DeadLetterFilter;
import dev.junction.store.DeliveryFilter;
import dev.junction.store.DeliveryView;
import dev.junction.store.AdminReads;
import dev.junction.store.DeadLetters;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;

/** Deliveries and dead letters: listing, one delivery with its attempts, replay (one, a destination's, by filter) and purge. */
final class DeliveryApi {

    private final AdminReads store;
    private final DeadLetters deadLetters;
    private final Clock clock;
    private final Runnable wakeDispatcher;
    private final Idempotency idempotency;
    private final DeliveryNames names;
    private final Set<String> destinations;

    DeliveryApi(AdminReads store, DeadLetters deadLetters, DeliveryNames names, Set<String> destinations, Clock clock,
                Runnable wakeDispatcher, Idempotency idempotency) {
        this.store = store;
        this.destinations = Set.copyOf(destinations);
        this.names = names;
        this.deadLetters = deadLetters;
        this.clock = clock;
        this.wakeDispatcher = wakeDispatcher;
        this.idempotency = idempotency;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/v1/deliveries", this::list);
        routes.get("/api/v1/deliveries/{id}", this::one);
        routes.get("/api/v1/dead-letters", this::deadLetters);
        // A retried replay-by-filter must not replay twice: what died in between would be sent again.
        routes.post("/api/v1/dead-letters/replay", idempotency.idempotent(this::replayMatching));
        routes.post("/api/v1/dead-letters/{id}/replay", idempotency.honoured(this::replay));
        routes.delete("/api/v1/dead-letters/{id}", this::purge);
        routes.post("/api/v1/destinations/{name}/dead-letters/replay", idempotency.honoured(this::replayDestination));
    }

    /** Newest first. */
    private void list(Context ctx) {
        Params.only(ctx, Set.of("destination", "source", "state", "cursor", "limit"));
        DeliveryFilter filter = new DeliveryFilter(Params.text(ctx, "destination"), Params.text(ctx, "source"), Params.state(ctx, "state"));
        Paging.Request page = Paging.read(ctx, "deliveries");
        Paging.write(ctx, page, store.deliveries(filter, page.newestFirst()), DeliveryView::id, d -> Views.delivery(d, names));
    }

    private void one(Context ctx) {
        Optional<DeliveryView> found = store.delivery(ctx.pathParam("id"));
        if (found.isEmpty()) {
            noSuchDelivery(ctx);
            return;
        }
        ctx.contentType("application/json").result(withAttempts(store, found.get(), names).toString());
    }

    static ObjectNode withAttempts(AdminReads store, DeliveryView d, DeliveryNames names) {
        ObjectNode node = Views.delivery(d, names);
        ArrayNode attempts = node.putArray("attempts");
        store.attempts(d.id()).forEach(a -> attempts.add(Views.attempt(a)));
        return node;
    }

    /** Oldest first, as a queue is worked through; {@code after} (a delivery id) is still accepted for older clients. */
    private void deadLetters(Context ctx) {
        Params.only(ctx, Set.of("destination", "source", "cursor", "after", "limit"));
        DeliveryFilter filter = new DeliveryFilter(Params.text(ctx, "destination"), Params.text(ctx, "source"), DeliveryState.DEAD);
        Paging.Request page = Paging.read(ctx, "dead-letters", "after");
        Paging.write(ctx, page, store.deliveries(filter, page.oldestFirst()), DeliveryView::id, d -> Views.delivery(d, names));
    }

    private void replay(Context ctx) {
        String id = ctx.pathParam("id");
        if (deadLetters.replay(id, clock.instant())) {
            wakeDispatcher.run();
            ObjectNode answer = Problem.JSON.createObjectNode().put("id", id).put("status", "pending");
            store.delivery(id).ifPresent(d -> names.disabled(answer, d.destination()));
            ctx.status(202).contentType("application/json").result(answer.toString());
        } else if (store.delivery(id).isPresent()) {
            Problem.write(ctx, 409, "not-dead", "Not a dead letter", "Delivery " + id + " is not dead, so there is nothing to replay.");
        } else {
            noSuchDelivery(ctx);
        }
    }

    private void purge(Context ctx) {
        String id = ctx.pathParam("id");
        if (deadLetters.purgeDeadLetter(id)) {
            ctx.status(204);
        } else if (store.delivery(id).isPresent()) {
            Problem.write(ctx, 409, "not-dead", "Not a dead letter", "Delivery " + id + " is not dead; only dead letters can be purged.");
        } else {
            noSuchDelivery(ctx);
        }
    }

    private void replayDestination(Context ctx) {
        String name = ctx.pathParam("name");
        // As GET and pause of the same path, and `junction dlq replay --destination`: a mistyped name is not "nothing to replay".
        if (!destinations.contains(name)) {
            Problem.write(ctx, 404, "no-such-destination", "No such destination", "No destination named '" + name + "' is configured.");
            return;
        }
        int replayed = deadLetters.replayAll(name, clock.instant());
        if (replayed > 0) wakeDispatcher.run();
        ctx.status(202).contentType("application/json")
                .result(Problem.JSON.createObjectNode().put("destination", ctx.pathParam("name")).put("replayed", replayed).toString());
    }

    /**
     * {@code POST /api/v1/dead-letters/replay} with {@code {destination?, source?, failed_after?, failed_before?, limit?, to?}}.
     * Fields are read strictly: a misspelt one is refused rather than ignored, since ignoring it would widen
     * the filter and replay more than was asked. {@code {}} replays every dead letter. {@code to} (with
     * {@code destination}) replays a removed or renamed destination's dead letters to a configured one.
     */
    private void replayMatching(Context ctx) {
        ReplayRequest request = replayRequest(ctx.body());
        DeadLetterFilter filter = request.filter();
        String named = filter.destination();
        // A destination neither configured nor ever delivered to is a typo, not "nothing to replay". One removed from
        // the config, an outbound endpoint or a sync's system still has deliveries, and is taken as it is.
        if (named != null && !destinations.contains(named) && !store.deliveredTo(named)) {
            throw new BadParameter("destination", "No destination named '" + Params.shorten(named)
                    + "' is configured or was ever delivered to; GET /api/v1/destinations lists them.");
        }
        String to = request.to();
        if (to != null) {
            if (named == null) throw new BadParameter("to", "to needs destination: the dead letters of which destination go to '" + Params.shorten(to) + "'.");
            if (!destinations.contains(to)) {
                throw new BadParameter("to", "No destination named '" + Params.shorten(to) + "' is configured; GET /api/v1/destinations lists them.");
            }
            if (to.equals(named)) throw new BadParameter("to", "to is the destination they died at; leave it out to replay them there.");
        }
        ObjectNode body = Problem.JSON.createObjectNode();
        int replayed;
        if (to == null) {
            replayed = deadLetters.replayDead(filter, clock.instant());
        } else {
            DeadLetters.ReplayedTo moved = deadLetters.replayDeadTo(filter, to, clock.instant());
            replayed = moved.replayed();
            body.put("already_at_destination", moved.alreadyThere());
        }
        if (replayed > 0) wakeDispatcher.run();
        body.put("replayed", replayed);
        if (to == null) names.disabled(body, named);
        ctx.status(202).contentType("application/json").result(body.toString());
    }

    /** A replay's filter, and the configured destination to send them to instead (null: where they died). */
    record ReplayRequest(DeadLetterFilter filter, String to) {}

    static ReplayRequest replayRequest(String text) {
        JsonNode json;
        try {
            // Strictly, as other admin bodies are: a field given twice or a second value after the first would
            // otherwise be read one way of two, and the filter is what decides how much is replayed.
            json = text.isBlank() ? null : BodyFields.STRICT.readTree(text);
        } catch (java.io.IOException e) {
            json = null;
        }
        if (json == null || !json.isObject()) {
            throw new BadParameter("body", "The body must be a JSON object such as {\"destination\": \"billing\"}; {} replays every dead letter.");
        }
        Set<String> known = Set.of("destination", "source", "failed_after", "failed_before", "limit", "to");
        json.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                throw new BadParameter(name, "Unknown field '" + Params.shorten(name) + "'; the filter takes destination, source, failed_after, failed_before and limit (and to).");
            }
        });
        Integer limit = null;
        if (json.hasNonNull("limit")) {
            JsonNode l = json.get("limit");
            if (!l.canConvertToInt() || !l.isIntegralNumber() || l.asInt() < 1) {
                throw new BadParameter("limit", "limit must be a whole number of at least 1.");
            }
            limit = l.asInt();
        }
        return new ReplayRequest(new DeadLetterFilter(string(json, "destination"), string(json, "source"),
                Params.instant("failed_after", string(json, "failed_after")), Params.instant("failed_before", string(json, "failed_before")), limit),
                string(json, "to"));
    }

    private static String string(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) return null;
        if (!value.isTextual() || value.asText().isBlank()) throw new BadParameter(field, field + " must be a non-empty string.");
        return value.asText();
    }

    private static void noSuchDelivery(Context ctx) {
        Problem.write(ctx, 404, "no-such-delivery", "No such delivery", "No delivery has id " + ctx.pathParam("id") + ".");
    }
}
