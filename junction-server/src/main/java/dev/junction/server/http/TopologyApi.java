package dev.junction.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.core.config.DestinationSpec;
import dev.junction.core.config.RouteSpec;
import dev.junction.core.config.SourceSpec;
import dev.junction.engine.Pipeline;
import dev.junction.store.DestinationBacklog;
import dev.junction.store.Pause;
import dev.junction.store.Store;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What is configured (sources, routes, destinations) with its live state (pauses, this node's breakers),
 * and the kill switches. Secrets never appear: verification secrets, signing secrets and header values
 * are left out, destination URLs are masked ({@link Urls}).
 */
final class TopologyApi {

    private static final Set<String> PAGE_PARAMS = Set.of("cursor", "limit");

    private final Pipeline pipeline;
    private final Store store;
    private final Clock clock;
    private final Idempotency idempotency;
    private final Supplier<Map<String, String>> breakerStates;

    TopologyApi(Pipeline pipeline, Clock clock, Idempotency idempotency) {
        this.idempotency = idempotency;
        this.pipeline = pipeline;
        this.store = pipeline.store();
        this.clock = clock;
        this.breakerStates = pipeline.dispatcher()::breakerStates;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/v1/sources", this::sources);
        routes.get("/api/v1/sources/{name}", this::source);
        routes.get("/api/v1/routes", this::routes);
        routes.get("/api/v1/destinations", this::destinations);
        routes.get("/api/v1/destinations/{name}", this::destination);
        for (Pause.Kind kind : Pause.Kind.values()) {
            String base = "/api/v1/" + kind.key() + "s/{name}/";
            routes.post(base + "pause", idempotency.honoured(ctx -> pause(ctx, kind, true)));
            routes.post(base + "resume", idempotency.honoured(ctx -> pause(ctx, kind, false)));
        }
    }

    private Map<String, Pause> pauses(Pause.Kind kind) {
        Map<String, Pause> result = new HashMap<>();
        for (Pause p : store.pauses()) if (p.kind() == kind) result.put(p.name(), p);
        return result;
    }

    private void sources(Context ctx) {
        Params.only(ctx, PAGE_PARAMS);
        Map<String, Pause> paused = pauses(Pause.Kind.SOURCE);
        Paging.writeSorted(ctx, Paging.read(ctx, "sources"), sorted(pipeline.sources().keySet()), name -> name, name -> source(name, paused));
    }

    private void source(Context ctx) {
        String name = ctx.pathParam("name");
        if (!pipeline.sources().containsKey(name)) {
            notConfigured(ctx, Pause.Kind.SOURCE, name);
            return;
        }
        ctx.contentType("application/json").result(source(name, pauses(Pause.Kind.SOURCE)).toString());
    }

    private ObjectNode source(String name, Map<String, Pause> paused) {
        SourceSpec spec = pipeline.sources().get(name);
        ObjectNode node = Problem.JSON.createObjectNode().put("name", name).put("kind", spec.kind())
                .put("verification", spec.polled() ? spec.kind() : spec.verify().scheme())
                .put("maxBodyBytes", spec.maxBodyBytes()).put("rateLimit", spec.ratePerSecond());
        var to = node.putArray("destinations");
        pipeline.routes().stream().filter(r -> r.from().equals(name)).flatMap(r -> r.to().stream()).distinct().forEach(to::add);
        pause(node, paused.get(name));
        // Refused requests are not stored, so this node's counters since it started are all there is.
        ObjectNode rejected = node.putObject("rejectedSinceStart");
        pipeline.ingestor().rejections().bySourceAndReason().forEach((key, count) -> {
            if (key.startsWith(name + "|")) rejected.put(key.substring(name.length() + 1), count);
        });
        return node;
    }

    private void routes(Context ctx) {
        Params.only(ctx, PAGE_PARAMS);
        List<Map.Entry<String, RouteSpec>> keyed = new ArrayList<>();
        List<RouteSpec> routes = pipeline.routes();
        // Routes have no name: their position in the configuration is their key.
        for (int i = 0; i < routes.size(); i++) keyed.add(Map.entry("%05d".formatted(i), routes.get(i)));
        Paging.writeSorted(ctx, Paging.read(ctx, "routes"), keyed, Map.Entry::getKey, e -> route(e.getValue()));
    }

    private static ObjectNode route(RouteSpec r) {
        ObjectNode node = Problem.JSON.createObjectNode().put("name", r.name()).put("from", r.from());
        var to = node.putArray("to");
        r.to().forEach(to::add);
        if (r.ordering() == null) {
            node.putNull("ordering");
        } else {
            node.putObject("ordering").put("header", r.ordering().header()).put("jsonPointer", r.ordering().jsonPointer())
                    .put("onDead", r.ordering().skipDead() ? "skip" : "block");
        }
        node.put("transform", r.transform() != null);
        if (r.when() == null) {
            node.putNull("when");
        } else {
            var types = node.putObject("when").putArray("type");
            r.when().types().forEach(types::add);
        }
        return node;
    }

    private void destinations(Context ctx) {
        Params.only(ctx, PAGE_PARAMS);
        Map<String, Pause> paused = pauses(Pause.Kind.DESTINATION);
        Map<String, String> breakers = breakerStates.get();
        Paging.writeSorted(ctx, Paging.read(ctx, "destinations"), sorted(pipeline.destinations().keySet()), name -> name,
                name -> destination(name, paused, breakers));
    }

    private void destination(Context ctx) {
        String name = ctx.pathParam("name");
        if (!pipeline.destinations().containsKey(name)) {
            notConfigured(ctx, Pause.Kind.DESTINATION, name);
            return;
        }
        ObjectNode node = destination(name, pauses(Pause.Kind.DESTINATION), breakerStates.get());
        DestinationBacklog backlog = store.backlog(clock.instant()).stream().filter(b -> b.destination().equals(name)).findFirst()
                .orElse(DestinationBacklog.empty(name));
        node.putObject("backlog").put("pending", backlog.pending()).put("due", backlog.due())
                .put("inFlight", backlog.inFlight()).put("dead", backlog.dead());
        ctx.contentType("application/json").result(node.toString());
    }

    private ObjectNode destination(String name, Map<String, Pause> paused, Map<String, String> breakers) {
        DestinationSpec spec = pipeline.destinations().get(name);
        // A sync's internal destination (sync:NAME) has no kind of URL: its sender runs the sync step in-process.
        boolean internal = spec.kind() == null;
        ObjectNode node = Problem.JSON.createObjectNode().put("name", name).put("url", internal ? spec.url().toString() : Urls.redact(spec.url()))
                .put("breaker", breakers.getOrDefault(name, "DISABLED")).put("timeoutMs", spec.timeout().toMillis())
                .put("maxAttempts", spec.retry().maxAttempts()).put("signed", spec.secret() != null)
                .put("maxConcurrent", spec.guard().maxConcurrent()).put("rateLimit", spec.guard().ratePerSecond())
                .put("transform", spec.transform() != null);
        node.put("kind", internal ? "sync" : spec.kind().name().toLowerCase(java.util.Locale.ROOT));
        switch (spec.target()) {
            case DestinationSpec.Target.Amqp amqp -> node.put("exchange", amqp.exchange()).put("routingKey", amqp.routingKey());
            case DestinationSpec.Target.Nats nats -> node.put("subject", nats.subject());
            case DestinationSpec.Target.Http http -> { }
        }
        var headers = node.putArray("headers"); // names only: values are usually credentials
        spec.headers().keySet().stream().sorted().forEach(headers::add);
        var from = node.putArray("sources");
        pipeline.routes().stream().filter(r -> r.to().contains(name)).map(RouteSpec::from).distinct().forEach(from::add);
        pause(node, paused.get(name));
        return node;
    }

    private static void pause(ObjectNode node, Pause pause) {
        node.put("paused", pause != null);
        node.put("pausedAt", pause == null ? null : pause.since().toString());
        node.put("pauseReason", pause == null ? null : pause.reason());
    }

    /** Pausing is a kill switch shared by every node; deliveries wait PENDING and go out after resume. */
    private void pause(Context ctx, Pause.Kind kind, boolean pause) {
        // The reason, for a pause, as ?reason= or {"reason": ...}; anything else is refused, not ignored.
        Params.only(ctx, pause ? Set.of("reason") : Set.of());
        BodyFields body = BodyFields.of(ctx.bodyAsBytes(), pause ? Set.of("reason") : Set.of());
        String reason = Params.text(ctx, "reason");
        if (reason != null && body.has("reason")) throw new BadParameter("reason", "give the reason as ?reason= or in the body, not both");
        if (reason == null && body.has("reason")) reason = body.requiredText("reason", 500);
        if (reason != null && reason.length() > 500) throw new BadParameter("reason", "'reason' must be at most 500 characters");
        String name = ctx.pathParam("name");
        boolean known = kind == Pause.Kind.DESTINATION ? pipeline.destinations().containsKey(name) : pipeline.sources().containsKey(name);
        // A pause left by a source or destination since removed from the config may still be resumed (a source's holds
        // its messages' deliveries); a name neither configured nor paused is a typo.
        boolean resumable = !pause && store.paused(kind, name);
        if (!known && !resumable) {
            notConfigured(ctx, kind, name);
            return;
        }
        if (pause) {
            store.pause(kind, name, reason, clock.instant());
        } else if (store.resume(kind, name)) {
            pipeline.dispatcher().wakeUp();
        }
        ctx.contentType("application/json").result(Problem.JSON.createObjectNode()
                .put(kind.key(), name).put("paused", pause).toString());
    }

    private static void notConfigured(Context ctx, Pause.Kind kind, String name) {
        Problem.write(ctx, 404, "no-such-" + kind.key(), "No such " + kind.key(), "No " + kind.key() + " named '" + name + "' is configured.");
    }

    private static List<String> sorted(Set<String> names) {
        return names.stream().sorted(Comparator.naturalOrder()).toList();
    }
}
