package dev.junction.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.core.config.SyntheticSpec;
import dev.junction.engine.Pipeline;
import dev.junction.store.SyntheticState;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Synthetic probes with their last result, whichever node ran them ({@code GET /api/v1/synthetics}, paged as every list;
 * {@code GET /api/v1/synthetics/{name}}): the source, interval and SLA, when the next canary is due, the canary in
 * flight, and the last outcome with its end-to-end time.
 */
final class SyntheticApi {

    private static final Set<String> PAGE_PARAMS = Set.of("cursor", "limit");

    private final Pipeline pipeline;

    SyntheticApi(Pipeline pipeline) {
        this.pipeline = pipeline;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/v1/synthetics", this::list);
        routes.get("/api/v1/synthetics/{name}", this::one);
    }

    private Map<String, SyntheticSpec> probes() {
        return pipeline.synthetics().map(s -> s.probes()).orElse(Map.of());
    }

    private void list(Context ctx) {
        Params.only(ctx, PAGE_PARAMS);
        Map<String, SyntheticSpec> probes = probes();
        Paging.writeSorted(ctx, Paging.read(ctx, "synthetics"), probes.keySet().stream().sorted().toList(), name -> name,
                name -> view(probes.get(name)));
    }

    private void one(Context ctx) {
        String name = ctx.pathParam("name");
        SyntheticSpec probe = probes().get(name);
        if (probe == null) {
            Problem.write(ctx, 404, "no-such-synthetic", "No such synthetic probe", "No synthetic probe named '" + name + "' is configured"
                    + (probes().isEmpty() ? "." : " (synthetics: " + String.join(", ", new java.util.TreeSet<>(probes().keySet())) + ")."));
            return;
        }
        ctx.contentType("application/json").result(view(probe).toString());
    }

    private ObjectNode view(SyntheticSpec probe) {
        ObjectNode node = Problem.JSON.createObjectNode().put("name", probe.name()).put("source", probe.source())
                .put("every", probe.every().toString()).put("sla", probe.sla().toString()).put("type", probe.type());
        SyntheticState s = pipeline.store().syntheticState(probe.name()).orElse(null);
        if (s == null) {
            node.putNull("next_run_at").putNull("in_flight").putNull("last");
            node.put("runs", 0).put("failures", 0).putNull("last_success_at");
            return node;
        }
        node.put("next_run_at", text(s.nextRunAt()));
        if (s.inFlight()) {
            node.putObject("in_flight").put("canary_id", s.canaryId()).put("message_id", s.messageId()).put("sent_at", text(s.sentAt()))
                    .put("node", s.owner());
        } else {
            node.putNull("in_flight");
        }
        if (s.last() == null) {
            node.putNull("last");
        } else {
            ObjectNode last = node.putObject("last").put("outcome", s.last().outcome().name().toLowerCase(Locale.ROOT))
                    .put("detail", s.last().detail()).put("finished_at", text(s.last().finishedAt()));
            if (s.last().e2e() == null) last.putNull("e2e_ms"); else last.put("e2e_ms", s.last().e2e().toMillis());
        }
        node.put("runs", s.runs()).put("failures", s.failures()).put("last_success_at", text(s.lastSuccess()));
        return node;
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }
}
