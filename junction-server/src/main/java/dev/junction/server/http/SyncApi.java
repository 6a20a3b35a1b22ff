package dev.junction.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.core.config.SyncSpec;
import dev.junction.engine.Pipeline;
import dev.junction.engine.sync.ReviewDecisions;
import dev.junction.engine.sync.ReviewDecisions.Pick;
import dev.junction.store.Store;
import dev.junction.store.SyncStates.SyncRecordRow;
import dev.junction.store.SyncStates.SyncReview;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Two-way syncs: each with its counts, its records (agreed state and crosswalk), its review queue, and a person's
 * decision of a review item ({@code POST .../reviews/{id}/decision} with {@code {"pick": "agreed" | "proposed" |
 * "edited", "value": ...}}), which becomes the agreed value and is written to every system whose copy differs.
 */
final class SyncApi {

    private static final Set<String> PAGE_PARAMS = Set.of("cursor", "limit");

    private final Pipeline pipeline;
    private final Store store;
    private final Idempotency idempotency;

    SyncApi(Pipeline pipeline, Idempotency idempotency) {
        this.pipeline = pipeline;
        this.store = pipeline.store();
        this.idempotency = idempotency;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/v1/syncs", this::syncs);
        routes.get("/api/v1/syncs/{name}", this::sync);
        routes.get("/api/v1/syncs/{name}/records", this::records);
        routes.get("/api/v1/syncs/{name}/reviews", this::reviews);
        routes.get("/api/v1/syncs/{name}/reviews/{id}", this::review);
        routes.post("/api/v1/syncs/{name}/reviews/{id}/decision", idempotency.idempotent(this::decide));
    }

    private void syncs(Context ctx) {
        Params.only(ctx, PAGE_PARAMS);
        List<SyncSpec> sorted = new ArrayList<>(pipeline.syncs().values());
        sorted.sort(java.util.Comparator.comparing(SyncSpec::name));
        Paging.writeSorted(ctx, Paging.read(ctx, "syncs"), sorted, SyncSpec::name, s -> SyncViews.sync(s, store.syncCounts(s.name())));
    }

    private void sync(Context ctx) {
        SyncSpec spec = spec(ctx);
        ctx.contentType("application/json").result(SyncViews.sync(spec, store.syncCounts(spec.name())).toString());
    }

    /**
     * By match key; {@code key} looks one record up (a list of one, or none) as the sync finds a change's record: ignoring
     * case and the spaces around it (ADR 0051).
     */
    private void records(Context ctx) {
        Params.only(ctx, Set.of("key", "cursor", "limit"));
        SyncSpec spec = spec(ctx);
        String key = Params.text(ctx, "key");
        Paging.Request page = Paging.read(ctx, "sync-records");
        List<SyncRecordRow> rows = key == null ? store.syncRecords(spec.name(), page.oldestFirst())
                : store.syncKeyIgnoringCase(spec.name(), key).flatMap(k -> store.syncRecord(spec.name(), k)).map(List::of).orElse(List.of());
        Paging.write(ctx, page, rows, SyncRecordRow::key, r -> SyncViews.record(spec, r,
                system -> store.syncWriteWaiting(spec.systems().get(system).to(), r.key())));
    }

    /** Oldest first, as a queue is worked through; {@code state} open or decided, {@code key} one record's. */
    private void reviews(Context ctx) {
        Params.only(ctx, Set.of("state", "key", "cursor", "limit"));
        SyncSpec spec = spec(ctx);
        String state = Params.text(ctx, "state");
        Boolean open;
        if (state == null) {
            open = null;
        } else {
            open = switch (state.toLowerCase(Locale.ROOT)) {
                case "open" -> true;
                case "decided" -> false;
                default -> throw new BadParameter("state", "state must be open or decided, not '" + Params.shorten(state) + "'.");
            };
        }
        Paging.Request page = Paging.read(ctx, "sync-reviews");
        Paging.write(ctx, page, store.syncReviews(spec.name(), open, Params.text(ctx, "key"), page.oldestFirst()), SyncReview::id,
                SyncViews::review);
    }

    private void review(Context ctx) {
        SyncSpec spec = spec(ctx);
        Optional<SyncReview> found = store.syncReview(spec.name(), ctx.pathParam("id"));
        if (found.isEmpty()) {
            noSuchReview(ctx, spec);
            return;
        }
        ctx.contentType("application/json").result(SyncViews.review(found.get()).toString());
    }

    private void decide(Context ctx) {
        SyncSpec spec = spec(ctx);
        BodyFields body = BodyFields.of(ctx.bodyAsBytes(), Set.of("pick", "value"));
        String pickText = body.text("pick");
        Pick pick;
        try {
            pick = pickText == null ? null : Pick.valueOf(pickText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            pick = null;
        }
        if (pick == null) throw new BadParameter("pick", "'pick' must be agreed, proposed or edited");
        JsonNode value = body.node("value");
        if (pick == Pick.EDITED && value == null) throw new BadParameter("value", "an edited decision needs 'value': the field's new value as JSON");
        if (pick != Pick.EDITED && value != null) throw new BadParameter("value", "'value' goes only with pick 'edited'");
        String by = ctx.attribute("api-key");
        ReviewDecisions decisions = pipeline.syncDecisions().orElseThrow();
        switch (decisions.decide(spec.name(), ctx.pathParam("id"), pick, value, by == null ? "unknown" : by)) {
            case ReviewDecisions.Result.Decided d -> {
                var node = SyncViews.review(d.review());
                d.writes().forEach(node.putArray("writtenTo")::add);
                ctx.contentType("application/json").result(node.toString());
            }
            case ReviewDecisions.Result.NotFound n -> noSuchReview(ctx, spec);
            case ReviewDecisions.Result.AlreadyDecided a -> Problem.send(ctx, 409, "review-decided", "Already decided",
                    "Review item " + a.review().id() + " was decided (" + a.review().decision() + ") by " + a.review().decidedBy() + " at "
                            + a.review().decidedAt() + "; a decision is final.", n -> n.set("review", SyncViews.review(a.review())));
            case ReviewDecisions.Result.Deleted d -> Problem.write(ctx, 409, "record-deleted", "Record deleted",
                    "The record was deleted in " + d.system() + " at " + d.at() + " and the delete went to every system: there is nothing left to decide.");
            case ReviewDecisions.Result.Refused r when r.badValue() -> Problem.badParameter(ctx, "value", "Refused: " + r.why() + ".");
            case ReviewDecisions.Result.Refused r -> Problem.write(ctx, 409, "match-key-change-refused", "Match key change refused",
                    "Refused: " + r.why() + ".");
        }
    }

    /** The sync named in the path; a 404 when none is configured. */
    private SyncSpec spec(Context ctx) {
        SyncSpec spec = pipeline.syncs().get(ctx.pathParam("name"));
        if (spec == null) throw NotFound.sync(ctx.pathParam("name"), pipeline.syncs().keySet());
        return spec;
    }

    private static void noSuchReview(Context ctx, SyncSpec spec) {
        Problem.write(ctx, 404, "no-such-review", "No such review item", "Sync '" + spec.name() + "' has no review item " + ctx.pathParam("id") + ".");
    }
}
