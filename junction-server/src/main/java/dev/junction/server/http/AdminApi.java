package dev.junction.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.store.AttemptRecord;
import dev.junction.store.DeliveryView;
import dev.junction.store.Pause;
import dev.junction.store.Store;
import dev.junction.store.StoredMessage;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** The admin API under {@code /api/v1}: dead letters and their replay, a message's story, counts. */
final class AdminApi {

    private static final int MAX_PAGE = 500;

    private final Store store;
    private final Clock clock;
    private final Runnable wakeDispatcher;
    private final java.util.function.Supplier<java.util.Map<String, String>> breakerStates;
    private final java.util.Set<String> sources;

    AdminApi(Store store, Clock clock, Runnable wakeDispatcher, java.util.function.Supplier<java.util.Map<String, String>> breakerStates,
             java.util.Set<String> sources) {
        this.store = store;
        this.clock = clock;
        this.wakeDispatcher = wakeDispatcher;
        this.breakerStates = breakerStates;
        this.sources = sources;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/v1/dead-letters", this::deadLetters);
        routes.post("/api/v1/dead-letters/{id}/replay", this::replay);
        routes.delete("/api/v1/dead-letters/{id}", this::purge);
        routes.post("/api/v1/destinations/{name}/dead-letters/replay", this::replayDestination);
        routes.get("/api/v1/messages/{id}", this::message);
        routes.get("/api/v1/stats", ctx -> ctx.json(store.stats()));
        routes.get("/api/v1/destinations", this::destinations);
        for (Pause.Kind kind : Pause.Kind.values()) {
            String base = "/api/v1/" + kind.key() + "s/{name}/";
            routes.post(base + "pause", ctx -> pause(ctx, kind, true));
            routes.post(base + "resume", ctx -> pause(ctx, kind, false));
        }
    }

    private void deadLetters(Context ctx) {
        int limit;
        try {
            limit = Integer.parseInt(Optional.ofNullable(ctx.queryParam("limit")).orElse("100"));
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > MAX_PAGE) {
            Problem.write(ctx, 400, "bad-parameter", "Bad parameter", "limit must be a number from 1 to " + MAX_PAGE + ".");
            return;
        }
        List<DeliveryView> page = store.deadLetters(Optional.ofNullable(ctx.queryParam("destination")),
                Optional.ofNullable(ctx.queryParam("after")), limit);
        ObjectNode body = Problem.JSON.createObjectNode();
        ArrayNode items = body.putArray("items");
        page.forEach(d -> items.add(delivery(d)));
        body.put("next", page.size() == limit ? page.get(page.size() - 1).id() : null);
        ctx.contentType("application/json").result(body.toString());
    }

    private void replay(Context ctx) {
        String id = ctx.pathParam("id");
        if (store.replay(id, clock.instant())) {
            wakeDispatcher.run();
            ctx.status(202).contentType("application/json")
                    .result(Problem.JSON.createObjectNode().put("id", id).put("status", "pending").toString());
        } else if (store.delivery(id).isPresent()) {
            Problem.write(ctx, 409, "not-dead", "Not a dead letter", "Delivery " + id + " is not dead, so there is nothing to replay.");
        } else {
            Problem.write(ctx, 404, "no-such-delivery", "No such delivery", "No delivery has id " + id + ".");
        }
    }

    private void purge(Context ctx) {
        String id = ctx.pathParam("id");
        if (store.purgeDeadLetter(id)) {
            ctx.status(204);
        } else if (store.delivery(id).isPresent()) {
            Problem.write(ctx, 409, "not-dead", "Not a dead letter", "Delivery " + id + " is not dead; only dead letters can be purged.");
        } else {
            Problem.write(ctx, 404, "no-such-delivery", "No such delivery", "No delivery has id " + id + ".");
        }
    }

    private void destinations(Context ctx) {
        java.util.Set<String> paused = new java.util.HashSet<>();
        for (Pause p : store.pauses()) if (p.kind() == Pause.Kind.DESTINATION) paused.add(p.name());
        ObjectNode body = Problem.JSON.createObjectNode();
        ArrayNode items = body.putArray("items");
        breakerStates.get().forEach((name, state) ->
                items.addObject().put("name", name).put("breaker", state).put("paused", paused.contains(name)));
        ctx.contentType("application/json").result(body.toString());
    }

    /** Pausing is a kill switch shared by every node; deliveries wait PENDING and go out after resume. */
    private void pause(Context ctx, Pause.Kind kind, boolean pause) {
        String name = ctx.pathParam("name");
        boolean known = kind == Pause.Kind.DESTINATION ? breakerStates.get().containsKey(name) : sources.contains(name);
        if (!known) {
            Problem.write(ctx, 404, "no-such-" + kind.key(), "No such " + kind.key(), "No " + kind.key() + " named '" + name + "' is configured.");
            return;
        }
        if (pause) {
            store.pause(kind, name, ctx.queryParam("reason"), clock.instant());
        } else if (store.resume(kind, name)) {
            wakeDispatcher.run();
        }
        ctx.contentType("application/json").result(Problem.JSON.createObjectNode()
                .put(kind.key(), name).put("paused", pause).toString());
    }

    private void replayDestination(Context ctx) {
        int replayed = store.replayAll(ctx.pathParam("name"), clock.instant());
        if (replayed > 0) wakeDispatcher.run();
        ctx.status(202).contentType("application/json")
                .result(Problem.JSON.createObjectNode().put("destination", ctx.pathParam("name")).put("replayed", replayed).toString());
    }

    private void message(Context ctx) {
        Optional<StoredMessage> found = store.message(ctx.pathParam("id"));
        if (found.isEmpty()) {
            Problem.write(ctx, 404, "no-such-message", "No such message", "No message has id " + ctx.pathParam("id") + ".");
            return;
        }
        StoredMessage m = found.get();
        ObjectNode body = Problem.JSON.createObjectNode()
                .put("id", m.id()).put("source", m.source()).put("dedupeKey", m.dedupeKey())
                .put("receivedAt", m.receivedAt().toString()).put("contentType", m.contentType())
                .put("traceId", m.traceId()).put("bodyBytes", m.body().length);
        ArrayNode deliveries = body.putArray("deliveries");
        for (DeliveryView d : store.deliveriesOf(m.id())) {
            ObjectNode node = delivery(d);
            ArrayNode attempts = node.putArray("attempts");
            for (AttemptRecord a : store.attempts(d.id())) {
                attempts.addObject().put("number", a.number()).put("startedAt", a.startedAt().toString())
                        .put("durationMs", a.duration().toMillis()).put("outcome", a.outcome().name())
                        .put("status", a.status()).put("error", a.error()).put("responseExcerpt", a.responseExcerpt());
            }
            deliveries.add(node);
        }
        ctx.contentType("application/json").result(body.toString());
    }

    private static ObjectNode delivery(DeliveryView d) {
        return Problem.JSON.createObjectNode()
                .put("id", d.id()).put("messageId", d.messageId()).put("source", d.source())
                .put("destination", d.destination()).put("state", d.state().name()).put("attempts", d.attempts())
                .put("nextAttemptAt", d.nextAttemptAt().toString()).put("lastError", d.lastError())
                .put("createdAt", d.createdAt().toString()).put("updatedAt", d.updatedAt().toString());
    }
}
