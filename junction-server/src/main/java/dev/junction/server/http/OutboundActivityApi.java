package dev.junction.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.engine.Pipeline;
import dev.junction.engine.outbound.Publisher;
import dev.junction.store.App;
import dev.junction.store.DeadLetterFilter;
import dev.junction.store.DeliveryFilter;
import dev.junction.store.DeliveryView;
import dev.junction.store.Endpoint;
import dev.junction.store.MessageFilter;
import dev.junction.store.MessageSummary;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;

/** What an application's messages did: its messages, an endpoint's deliveries, and replaying an endpoint's failures. */
final class OutboundActivityApi {

    private final Pipeline pipeline;
    private final Clock clock;

    OutboundActivityApi(Pipeline pipeline, Clock clock) {
        this.pipeline = pipeline;
        this.clock = clock;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/v1/apps/{app}/messages", this::messages);
        routes.get("/api/v1/apps/{app}/endpoints/{id}/deliveries", this::deliveries);
        routes.post("/api/v1/apps/{app}/endpoints/{id}/replay", this::replay);
    }

    /** The application's messages, newest first, each with its deliveries counted by state. */
    private void messages(Context ctx) {
        Params.only(ctx, Set.of("cursor", "limit"));
        App app = app(ctx);
        Paging.Request page = Paging.read(ctx, "app-messages");
        Paging.write(ctx, page, pipeline.store().messages(MessageFilter.ALL.source(Publisher.source(app)), page.newestFirst()),
                MessageSummary::id, Views::message);
    }

    /** One endpoint's deliveries, newest first ({@code state} narrows them: dead ones are its failures). */
    private void deliveries(Context ctx) {
        Params.only(ctx, Set.of("state", "cursor", "limit"));
        Endpoint e = endpoint(ctx);
        Paging.Request page = Paging.read(ctx, "endpoint-deliveries");
        Paging.write(ctx, page, pipeline.store().deliveries(new DeliveryFilter(e.id(), null, Params.state(ctx, "state")), page.newestFirst()),
                DeliveryView::id, Views::delivery);
    }

    /** Replays the endpoint's dead deliveries, all or those that failed since {@code since}: same ids, fresh retries. */
    private void replay(Context ctx) {
        Endpoint e = endpoint(ctx);
        BodyFields body = BodyFields.of(ctx.body(), Set.of("since"));
        Instant since = body.has("since") ? Params.instant("since", body.text("since")) : null;
        int replayed = pipeline.store().replayDead(new DeadLetterFilter(e.id(), null, since, null, null), clock.instant());
        if (replayed > 0) pipeline.dispatcher().wakeUp();
        ObjectNode answer = Problem.JSON.createObjectNode().put("replayed", replayed);
        ctx.status(202).contentType("application/json").result(answer.toString());
    }

    private App app(Context ctx) {
        return AppApi.app(pipeline.store(), ctx);
    }

    private Endpoint endpoint(Context ctx) {
        return AppApi.endpoint(pipeline.store(), ctx);
    }
}
