package dev.junction.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.engine.Pipeline;
import dev.junction.engine.outbound.Publisher;
import dev.junction.store.AdminReads;
import dev.junction.store.App;
import dev.junction.store.DeadLetterFilter;
import dev.junction.store.DeliveryFilter;
import dev.junction.store.DeliveryView;
import dev.junction.store.Endpoint;
import dev.junction.store.MessageFilter;
import dev.junction.store.MessageSummary;
import dev.junction.store.StoredMessage;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;

/**
 * What an application's messages did, in one {@link AppScope}: its messages, one message with its deliveries and
 * every attempt, an endpoint's deliveries, and replaying an endpoint's failures.
 */
final class OutboundActivityApi {

    private final AppScope scope;
    private final Pipeline pipeline;
    private final AdminReads reads;
    private final Clock clock;
    private final Idempotency idempotency;

    OutboundActivityApi(AppScope scope, Pipeline pipeline, Clock clock, Idempotency idempotency) {
        this.idempotency = idempotency;
        this.scope = scope;
        this.pipeline = pipeline;
        this.reads = pipeline.store();
        this.clock = clock;
    }

    void register(RoutesConfig routes) {
        routes.get(scope.path("/messages"), this::messages);
        routes.get(scope.path("/messages/{id}"), this::message);
        routes.get(scope.path("/endpoints/{id}/deliveries"), this::deliveries);
        routes.post(scope.path("/endpoints/{id}/replay"), idempotency.honoured(this::replay));
        routes.post(scope.path("/messages/{message}/endpoints/{id}/resend"), idempotency.honoured(this::resend));
    }

    /** The application's messages, newest first, each with its deliveries counted by state. */
    private void messages(Context ctx) {
        Params.only(ctx, Set.of("cursor", "limit"));
        App app = scope.app(ctx);
        Paging.Request page = Paging.read(ctx, "app-messages");
        Paging.write(ctx, page, reads.messages(MessageFilter.ALL.source(Publisher.source(app)), page.newestFirst()),
                MessageSummary::id, Views::message);
    }

    /** One of the application's messages with its deliveries and every attempt; another application's is a 404. */
    private void message(Context ctx) {
        StoredMessage m = message(ctx, "id");
        ObjectNode node = Problem.JSON.createObjectNode().put("id", m.id()).put("eventType", m.eventType())
                .put("eventId", m.dedupeKey()).put("receivedAt", m.receivedAt().toString());
        ArrayNode deliveries = node.putArray("deliveries");
        reads.deliveriesOf(m.id()).forEach(d -> deliveries.add(DeliveryApi.withAttempts(reads, d, null)));
        ctx.contentType("application/json").result(node.toString());
    }

    private StoredMessage message(Context ctx, String param) {
        App app = scope.app(ctx);
        return reads.message(ctx.pathParam(param)).filter(x -> x.source().equals(Publisher.source(app)))
                .orElseThrow(() -> new NotFound("message", ctx.pathParam(param)));
    }

    /**
     * Sends one message to one endpoint again, whatever its delivery came to (a succeeded one too): its delivery goes
     * back to pending with a fresh retry budget, keeping its id and the message's webhook-id, so a receiver that
     * dedupes sees the same message. A delivery in flight is refused: its attempt's outcome would overwrite the resend.
     */
    private void resend(Context ctx) {
        Endpoint e = scope.endpoint(ctx);
        StoredMessage m = message(ctx, "message");
        BodyFields.of(ctx.bodyAsBytes(), Set.of());
        DeliveryView d = reads.deliveriesOf(m.id()).stream().filter(x -> x.destination().equals(e.id())).findFirst()
                .orElseThrow(() -> new NotFound("not-sent", "Not sent to this endpoint", "Message " + m.id() + " was not sent to endpoint "
                        + e.id() + " (its filter or channels left it out, or it was created or enabled later): publish it again instead."));
        if (!pipeline.store().resend(d.id(), clock.instant())) {
            Problem.write(ctx, 409, "in-flight", "Delivery in flight", "Delivery " + d.id() + " is being attempted now; resend it once"
                    + " the attempt is over (GET this message shows its state).");
            return;
        }
        pipeline.dispatcher().wakeUp();
        ObjectNode answer = Problem.JSON.createObjectNode().put("id", d.id()).put("message", m.id()).put("endpoint", e.id())
                .put("previousState", d.state().name()).put("status", "pending");
        DeliveryNames.disabled(answer, e);
        ctx.status(202).contentType("application/json").result(answer.toString());
    }

    /** One endpoint's deliveries, newest first ({@code state} narrows them: dead ones are its failures). */
    private void deliveries(Context ctx) {
        Params.only(ctx, Set.of("state", "cursor", "limit"));
        Endpoint e = scope.endpoint(ctx);
        Paging.Request page = Paging.read(ctx, "endpoint-deliveries");
        Paging.write(ctx, page, reads.deliveries(new DeliveryFilter(e.id(), null, Params.state(ctx, "state")), page.newestFirst()),
                DeliveryView::id, d -> Views.delivery(d, null));
    }

    /**
     * Replays the endpoint's dead deliveries, all or those that failed from {@code since} and before {@code until}
     * (exclusive, as Svix's recover takes them): same ids, fresh retries.
     */
    private void replay(Context ctx) {
        Endpoint e = scope.endpoint(ctx);
        BodyFields body = BodyFields.of(ctx.bodyAsBytes(), Set.of("since", "until"));
        Instant since = body.has("since") ? Params.instant("since", body.text("since")) : null;
        Instant until = body.has("until") ? Params.instant("until", body.text("until")) : null;
        if (since != null && until != null && !until.isAfter(since)) {
            throw new BadParameter("until", "'until' must be after 'since' (it is exclusive), but was " + until + ", 'since' " + since);
        }
        int replayed = pipeline.store().replayDead(new DeadLetterFilter(e.id(), null, since, until, null), clock.instant());
        if (replayed > 0) pipeline.dispatcher().wakeUp();
        ObjectNode answer = DeliveryNames.disabled(Problem.JSON.createObjectNode().put("replayed", replayed), e);
        ctx.status(202).contentType("application/json").result(answer.toString());
    }
}
