package dev.junction.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.core.config.SourceSpec;
import dev.junction.engine.Pipeline;
import dev.junction.engine.poll.PollResult;
import dev.junction.store.PollRecord;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Set;

/**
 * Polled sources (JSON APIs and iCal calendars): run one poll now and say what it did
 * ({@code POST /api/v1/sources/{name}/poll}), the record of recent polls ({@code GET /api/v1/sources/{name}/polls},
 * newest first, paged as every list). An iCal source's feeds have their own resource ({@link FeedApi}).
 */
final class PollApi {

    private static final Set<String> PAGE_PARAMS = Set.of("cursor", "limit");

    private final Pipeline pipeline;
    private final Idempotency idempotency;

    PollApi(Pipeline pipeline, Idempotency idempotency) {
        this.idempotency = idempotency;
        this.pipeline = pipeline;
    }

    void register(RoutesConfig routes) {
        routes.post("/api/v1/sources/{name}/poll", idempotency.honoured(this::pollNow));
        routes.get("/api/v1/sources/{name}/polls", this::polls);
    }

    private void pollNow(Context ctx) throws InterruptedException {
        Params.only(ctx, Set.of("take-deletions"));
        String name = polledSource(ctx);
        if (name == null) return;
        boolean takeDeletions = Params.bool(ctx, "take-deletions", false);
        if (takeDeletions && pipeline.sources().get(name).ical() != null) {
            throw new BadParameter("take-deletions", "'take-deletions' is for a polled API; a held calendar is released with POST /api/v1/sources/"
                    + name + "/feeds/{unit}/{channel}/release");
        }
        switch (pipeline.poller().poll(name, takeDeletions)) {
            case PollResult.Done done -> ctx.contentType("application/json").result(view(done.record()).toString());
            case PollResult.Skipped skipped -> Problem.write(ctx, 409, "poll-skipped", "Poll skipped", skipped.reason() + ".");
            case PollResult.Deferred deferred -> {
                long seconds = Math.max(1, deferred.left().toSeconds() + (deferred.left().toNanosPart() > 0 ? 1 : 0));
                ctx.header("Retry-After", Long.toString(seconds));
                Problem.write(ctx, 429, "poll-deferred", "Poll deferred", "Not polled: " + deferred.reason()
                        + "; asking sooner would only be refused again. The scheduled poll runs then.");
            }
        }
    }

    private void polls(Context ctx) {
        Params.only(ctx, PAGE_PARAMS);
        String name = polledSource(ctx);
        if (name == null) return;
        Paging.Request page = Paging.read(ctx, "polls");
        Paging.write(ctx, page, pipeline.store().polls(name, page.newestFirst()), PollRecord::id, PollApi::view);
    }

    /** The source's name when it is a configured polled source; otherwise the 404 is written and null returned. */
    private String polledSource(Context ctx) {
        String name = ctx.pathParam("name");
        SourceSpec spec = pipeline.sources().get(name);
        if (spec == null) {
            Problem.write(ctx, 404, "no-such-source", "No such source", "No source named '" + name + "' is configured.");
            return null;
        }
        if (!spec.polled()) {
            Problem.write(ctx, 404, "not-polled", "Not a polled source", "The source '" + name + "' takes webhooks; it has no poll.");
            return null;
        }
        return name;
    }

    static ObjectNode view(PollRecord r) {
        ObjectNode node = Problem.JSON.createObjectNode().put("id", r.id()).put("source", r.source()).put("node", r.node())
                .put("startedAt", r.startedAt().toString()).put("durationMs", r.duration().toMillis()).put("outcome", r.outcome().label())
                .put("pages", r.pages()).put("items", r.items()).put("changes", r.changes()).put("error", r.error());
        if (r.status() == null) node.putNull("status"); else node.put("status", r.status());
        if (r.retryAfter() != null) node.put("retryAfterSeconds", r.retryAfter().toSeconds()).put("waitUntil", r.waitUntil().toString());
        return node;
    }
}
