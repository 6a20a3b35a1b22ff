package dev.junction.server.http;

import dev.junction.engine.Pipeline;
import dev.junction.engine.sync.ReconcileReport;
import dev.junction.engine.sync.Reconciler;
import dev.junction.store.SyncReconciliations;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * Reconciliations of two-way syncs: run one now and answer its report ({@code POST /api/v1/syncs/{sync}/reconciliations}),
 * and the latest report, whichever node made it ({@code GET /api/v1/syncs/{sync}/reconciliations/latest}).
 */
final class ReconciliationApi {

    private final Pipeline pipeline;
    private final Idempotency idempotency;

    ReconciliationApi(Pipeline pipeline, Idempotency idempotency) {
        this.idempotency = idempotency;
        this.pipeline = pipeline;
    }

    void register(RoutesConfig routes) {
        routes.post("/api/v1/syncs/{sync}/reconciliations", idempotency.honoured(this::runNow));
        routes.get("/api/v1/syncs/{sync}/reconciliations/latest", this::latest);
    }

    private void runNow(Context ctx) throws InterruptedException {
        String sync = sync(ctx);
        if (sync == null) return;
        switch (pipeline.reconciler().reconcile(sync)) {
            case Reconciler.Result.Done done -> ctx.contentType("application/json").result(done.report().json());
            case Reconciler.Result.Skipped skipped -> Problem.write(ctx, 409, "reconciliation-skipped", "Reconciliation skipped", skipped.reason() + ".");
        }
    }

    private void latest(Context ctx) {
        String sync = sync(ctx);
        if (sync == null) return;
        Optional<SyncReconciliations.Reconciliation> latest = pipeline.store().latestReconciliation(sync);
        if (latest.isEmpty()) {
            Problem.write(ctx, 404, "no-reconciliation", "No reconciliation yet", "The sync '" + sync + "' has not been reconciled yet; "
                    + "POST /api/v1/syncs/" + sync + "/reconciliations runs one.");
            return;
        }
        // Parsed and written again: the stored document is the engine's, the answer is this API's.
        ctx.contentType("application/json").result(ReconcileReport.read(latest.get().report()).json());
    }

    /** The sync's name when it is configured; otherwise a 404 naming the configured syncs. */
    private String sync(Context ctx) {
        String name = ctx.pathParam("sync");
        if (pipeline.reconciler().syncs().containsKey(name)) return name;
        throw NotFound.sync(name, pipeline.reconciler().syncs().keySet());
    }
}
