package dev.junction.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.core.model.DeliveryState;
import dev.junction.engine.Pipeline;
import dev.junction.engine.deliver.Dispatcher;
import dev.junction.server.config.Durations;
import dev.junction.store.Activity;
import dev.junction.store.DestinationBacklog;
import dev.junction.store.Pause;
import dev.junction.store.StoreStats;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code GET /api/v1/stats?window=15m}: throughput and errors per source and destination over the window,
 * read from the store (messages received and how many of them no route took, attempts by outcome, deliveries
 * that died), so the figures are
 * every node's and survive restarts; the backlog per destination; this node's breaker states. The
 * all-time totals scan every row, so a poller can leave them out with {@code totals=false}.
 */
final class StatsApi {

    static final Duration DEFAULT_WINDOW = Duration.ofMinutes(15);
    private static final Duration MAX_WINDOW = Duration.ofDays(7);

    private final Pipeline pipeline;
    private final Clock clock;
    private final DeliveryNames names;
    /** How many outbound endpoints' entries say whose and where they are. */
    static final int DESCRIBED = 500;

    StatsApi(Pipeline pipeline, Clock clock, DeliveryNames names) {
        this.pipeline = pipeline;
        this.clock = clock;
        this.names = names;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/v1/stats", this::stats);
    }

    private void stats(Context ctx) {
        Params.only(ctx, Set.of("window", "totals"));
        Duration window = window(Params.text(ctx, "window"));
        boolean totals = Params.bool(ctx, "totals", true);
        Instant now = clock.instant();
        ObjectNode body = Problem.JSON.createObjectNode();
        if (totals) {
            StoreStats all = pipeline.store().stats();
            body.put("messages", all.messages());
            ObjectNode byState = body.putObject("deliveries");
            for (DeliveryState s : DeliveryState.values()) byState.put(s.name(), all.deliveries(s));
            body.put("attempts", all.attempts());
        }
        Activity activity = pipeline.store().activity(now.minus(window));
        List<DestinationBacklog> backlog = pipeline.store().backlog(now);
        body.putObject("window").put("seconds", window.toSeconds()).put("since", activity.since().toString()).put("until", now.toString());
        body.putObject("backlog")
                .put("pending", backlog.stream().mapToLong(DestinationBacklog::pending).sum())
                .put("due", backlog.stream().mapToLong(DestinationBacklog::due).sum())
                .put("inFlight", backlog.stream().mapToLong(DestinationBacklog::inFlight).sum())
                .put("dead", backlog.stream().mapToLong(DestinationBacklog::dead).sum());
        sources(body.putArray("sources"), activity);
        destinations(body.putArray("destinations"), activity, backlog);
        ArrayNode flows = body.putArray("flows");
        for (Activity.Flow f : activity.flows()) {
            counts(flows.addObject().put("source", f.source()).put("destination", f.destination()), List.of(f));
        }
        ctx.contentType("application/json").result(body.toString());
    }

    /** The {@code window} parameter: 1m to 7d, 15m when absent. */
    static Duration window(String text) {
        if (text == null) return DEFAULT_WINDOW;
        Duration d = Durations.parse(text);
        if (d == null || d.compareTo(Duration.ofMinutes(1)) < 0 || d.compareTo(MAX_WINDOW) > 0) {
            throw new BadParameter("window", "window must be a duration from 1m to 7d (e.g. 5m, 1h, 24h, 7d), not '" + Params.shorten(text) + "'.");
        }
        return d;
    }

    private Set<String> paused(Pause.Kind kind) {
        Set<String> names = new HashSet<>();
        for (Pause p : pipeline.store().pauses()) if (p.kind() == kind) names.add(p.name());
        return names;
    }

    /** Configured sources, and any that still has messages in the window. */
    private void sources(ArrayNode out, Activity activity) {
        Set<String> names = new TreeSet<>(pipeline.sources().keySet());
        names.addAll(activity.received().keySet());
        Set<String> paused = paused(Pause.Kind.SOURCE);
        for (String name : names) {
            ObjectNode node = out.addObject().put("name", name).put("received", activity.received().getOrDefault(name, 0L))
                    .put("unrouted", activity.unrouted().getOrDefault(name, 0L)).put("paused", paused.contains(name));
            counts(node, activity.flows().stream().filter(f -> f.source().equals(name)).toList());
        }
    }

    /** Configured destinations, and any the store still holds work or recent attempts for. */
    private void destinations(ArrayNode out, Activity activity, List<DestinationBacklog> backlog) {
        Map<String, DestinationBacklog> byName = new TreeMap<>();
        backlog.forEach(b -> byName.put(b.destination(), b));
        Set<String> names = new TreeSet<>(pipeline.destinations().keySet());
        names.addAll(byName.keySet());
        activity.flows().forEach(f -> names.add(f.destination()));
        Map<String, String> breakers = pipeline.dispatcher().breakerStates();
        Set<String> paused = paused(Pause.Kind.DESTINATION);
        Map<String, List<Activity.Flow>> flowsTo = activity.flows().stream().collect(java.util.stream.Collectors.groupingBy(Activity.Flow::destination));
        int described = 0;
        for (String name : names) {
            DestinationBacklog b = byName.getOrDefault(name, DestinationBacklog.empty(name));
            // An endpoint this node has no breaker for now was forgotten idle, which needs a closed breaker (or was never
            // sent to here); DISABLED is for a name no breaker guards: a destination no longer configured.
            String breaker = breakers.getOrDefault(name, name.startsWith(Dispatcher.ENDPOINT_PREFIX) ? "CLOSED" : "DISABLED");
            ObjectNode node = out.addObject().put("name", name).put("breaker", breaker)
                    .put("paused", paused.contains(name)).put("pending", b.pending()).put("due", b.due())
                    .put("inFlight", b.inFlight()).put("dead", b.dead());
            counts(node, flowsTo.getOrDefault(name, List.of()));
            // An outbound endpoint's whose and where: a lookup per endpoint listed (those with work or attempts only), for
            // the first DESCRIBED of them, so thousands of busy endpoints do not make every refresh thousands of reads.
            if (name.startsWith(Dispatcher.ENDPOINT_PREFIX) && described++ < DESCRIBED) {
                ObjectNode endpoint = this.names.endpoint(name);
                if (endpoint != null) node.set("endpoint", endpoint);
            }
        }
    }

    private static void counts(ObjectNode node, List<Activity.Flow> flows) {
        node.put("attempts", flows.stream().mapToLong(Activity.Flow::attempts).sum())
                .put("succeeded", flows.stream().mapToLong(Activity.Flow::succeeded).sum())
                .put("retryable", flows.stream().mapToLong(Activity.Flow::retryable).sum())
                .put("permanent", flows.stream().mapToLong(Activity.Flow::permanent).sum())
                .put("deadLetters", flows.stream().mapToLong(Activity.Flow::deadLetters).sum());
    }
}
