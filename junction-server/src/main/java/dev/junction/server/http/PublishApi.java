package dev.junction.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.engine.Pipeline;
import dev.junction.engine.append.Appended;
import dev.junction.engine.outbound.EventTypeCatalog;
import dev.junction.engine.outbound.Publisher;
import dev.junction.engine.outbound.Validation;
import dev.junction.store.AdminReads;
import dev.junction.store.App;
import dev.junction.store.StoredMessage;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Publishing outbound webhooks: {@code POST /apps/{app}/messages} stores the message and its fan-out to the
 * application's endpoints in one transaction, then answers 202; and one published message with its
 * deliveries and every attempt.
 */
final class PublishApi {

    private static final Set<String> FIELDS = Set.of("event_type", "payload", "channels", "event_id");
    private static final Pattern EVENT_TYPE = Pattern.compile("[A-Za-z0-9._:-]{1,200}");
    /** Larger payloads belong in the receiver's own API, fetched by id. */
    static final int MAX_PAYLOAD_BYTES = 512 * 1024;

    private final Pipeline pipeline;
    private final AdminReads reads;
    private final EventTypeCatalog eventTypes;
    private final Idempotency idempotency;

    PublishApi(Pipeline pipeline, EventTypeCatalog eventTypes, Idempotency idempotency) {
        this.pipeline = pipeline;
        this.reads = pipeline.store();
        this.eventTypes = eventTypes;
        this.idempotency = idempotency;
    }

    void register(RoutesConfig routes) {
        // A retried publish with the same Idempotency-Key gets the first answer again and publishes nothing more.
        routes.post("/api/v1/apps/{app}/messages", idempotency.idempotent(this::publish));
        routes.get("/api/v1/apps/{app}/messages/{id}", this::message);
    }

    private void publish(Context ctx) {
        App app = app(ctx);
        BodyFields body = BodyFields.of(ctx.body(), FIELDS);
        String type = body.requiredText("event_type", 200);
        if (!EVENT_TYPE.matcher(type).matches()) throw new BadParameter("event_type", "'event_type' may hold letters, digits and . _ : - only");
        JsonNode payload = body.node("payload");
        if (payload == null || !payload.isObject()) throw new BadParameter("payload", "'payload' must be a JSON object");
        // A declared type's schema is enforced here, before anything is stored or sent.
        switch (eventTypes.validate(type, payload)) {
            case Validation.Archived a -> {
                Problem.eventTypeArchived(ctx, a.eventType());
                return;
            }
            case Validation.Violations bad -> {
                Problem.schemaViolations(ctx, bad.eventType(), bad.violations());
                return;
            }
            case Validation.Accepted ok -> { }
        }
        byte[] bytes = payload.toString().getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_PAYLOAD_BYTES) throw new BadParameter("payload", "'payload' must be at most " + MAX_PAYLOAD_BYTES + " bytes");
        List<String> channels = body.strings("channels");
        String eventId = body.has("event_id") ? body.requiredText("event_id", 255) : null;
        Appended appended = pipeline.publisher().publish(app, type, bytes, channels == null ? List.of() : channels, eventId,
                Traces.of(ctx));
        switch (appended) {
            case Appended.Stored s -> ctx.status(202).contentType("application/json").result(Problem.JSON.createObjectNode()
                    .put("id", s.messageId()).put("eventType", type).put("deliveries", s.deliveries()).toString());
            case Appended.Duplicate d -> ctx.status(200).contentType("application/json").result(Problem.JSON.createObjectNode()
                    .put("id", d.messageId()).put("eventType", type).put("duplicate", true).toString());
            case Appended.Overloaded o -> {
                ctx.header("Retry-After", "5");
                Problem.write(ctx, 503, "overloaded", "Overloaded", o.backlog() + " deliveries are waiting; publish again later");
            }
        }
    }

    private void message(Context ctx) {
        App app = app(ctx);
        StoredMessage m = reads.message(ctx.pathParam("id")).filter(x -> x.source().equals(Publisher.source(app)))
                .orElseThrow(() -> new NotFound("message", ctx.pathParam("id")));
        ObjectNode node = Problem.JSON.createObjectNode().put("id", m.id()).put("eventType", m.eventType())
                .put("eventId", m.dedupeKey()).put("receivedAt", m.receivedAt().toString());
        ArrayNode deliveries = node.putArray("deliveries");
        reads.deliveriesOf(m.id()).forEach(d -> deliveries.add(DeliveryApi.withAttempts(reads, d)));
        ctx.contentType("application/json").result(node.toString());
    }

    private App app(Context ctx) {
        return AppApi.app(pipeline.store(), ctx);
    }
}
