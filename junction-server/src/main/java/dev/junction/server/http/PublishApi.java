package dev.junction.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.engine.Pipeline;
import dev.junction.engine.append.Appended;
import dev.junction.engine.outbound.EventTypeCatalog;
import dev.junction.engine.outbound.Validation;
import dev.junction.store.App;
import dev.junction.store.EventType;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * Publishing outbound webhooks: {@code POST /apps/{app}/messages} stores the message and its fan-out to the
 * application's endpoints in one transaction, then answers 202. Only the admin API publishes; what a message did
 * is {@link OutboundActivityApi}'s.
 */
final class PublishApi {

    private static final Set<String> FIELDS = Set.of("event_type", "payload", "channels", "event_id");
    /** Larger payloads belong in the receiver's own API, fetched by id. */
    static final int MAX_PAYLOAD_BYTES = 512 * 1024;
    /** The dedupe key of a message published under an Idempotency-Key without an event id. */
    static final String IDEMPOTENT_PREFIX = "idem_";

    private final AppScope scope;
    private final Pipeline pipeline;
    private final EventTypeCatalog eventTypes;
    private final Idempotency idempotency;

    PublishApi(AppScope scope, Pipeline pipeline, EventTypeCatalog eventTypes, Idempotency idempotency) {
        this.scope = scope;
        this.pipeline = pipeline;
        this.eventTypes = eventTypes;
        this.idempotency = idempotency;
    }

    void register(RoutesConfig routes) {
        // A retried publish with the same Idempotency-Key gets the first answer again and publishes nothing more.
        routes.post(scope.path("/messages"), idempotency.idempotent(this::publish));
    }

    private void publish(Context ctx) {
        App app = scope.app(ctx);
        BodyFields body = BodyFields.of(ctx.bodyAsBytes(), FIELDS);
        String type = body.requiredText("event_type", 200);
        if (!EventType.NAME.matcher(type).matches()) throw new BadParameter("event_type", "'event_type' may hold " + EventType.CHARACTERS_IN_WORDS + " only");
        JsonNode payload = body.node("payload");
        if (payload == null || !payload.isObject()) throw new BadParameter("payload", "'payload' must be a JSON object");
        // A declared type's schema is enforced here, before anything is stored or sent.
        switch (eventTypes.validate(type, payload)) {
            case Validation.Archived a -> {
                pipeline.publisher().refused("type-archived");
                Idempotency.notRun(ctx); // nothing stored: a retry with a declared type may use the key
                Problem.eventTypeArchived(ctx, a.eventType());
                return;
            }
            case Validation.Violations bad -> {
                pipeline.publisher().refused("schema-refused");
                Idempotency.notRun(ctx); // nothing stored: the corrected payload may be sent with the same key
                Problem.schemaViolations(ctx, bad.eventType(), bad.violations());
                return;
            }
            case Validation.Accepted ok -> { }
        }
        // The payload as the publisher wrote it, not as Jackson would write it again: a decimal such as 1.123456789012345678
        // read into a double and written back would reach the customer rounded (1.1234567890123457), 1e2 as 100.0.
        byte[] bytes = rawValue(ctx.bodyAsBytes(), "payload");
        if (bytes.length > MAX_PAYLOAD_BYTES) throw new BadParameter("payload", "'payload' must be at most " + MAX_PAYLOAD_BYTES + " bytes");
        List<String> channels = body.strings("channels", EndpointApi.MAX_FILTERS);
        String eventId = body.has("event_id") ? body.requiredText("event_id", 255) : null;
        // Without an event id, a publish under an Idempotency-Key is deduplicated by the key: its answer is stored
        // after the message, so after a crash in between, the retry that takes the key over finds the message (a 200
        // duplicate with its id) instead of publishing it again under a new id.
        String running = Idempotency.runningKey(ctx);
        String dedupe = eventId != null ? eventId : running == null ? null : IDEMPOTENT_PREFIX + running;
        Appended appended = pipeline.publisher().publish(app, type, bytes, channels == null ? List.of() : channels, dedupe,
                Traces.of(ctx));
        answer(ctx, appended, type);
    }

    /** The bytes of top-level field {@code field}'s value in a JSON object body already read whole (so well-formed). */
    static byte[] rawValue(byte[] body, String field) {
        try (com.fasterxml.jackson.core.JsonParser parser = Problem.JSON.getFactory().createParser(body)) {
            parser.nextToken(); // the body's object
            while (parser.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                if (name.equals(field)) {
                    int start = (int) parser.currentTokenLocation().getByteOffset();
                    parser.skipChildren();
                    int end = (int) parser.currentLocation().getByteOffset();
                    return java.util.Arrays.copyOfRange(body, start, end);
                }
                parser.skipChildren();
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a body read as JSON once could not be read again", e);
        }
        throw new IllegalStateException("no field '" + field + "' in a body that has it");
    }

    /** 202 with the stored message's id and its deliveries, 200 for a duplicate event id, 503 when the backlog is full. */
    static void answer(Context ctx, Appended appended, String type) {
        switch (appended) {
            case Appended.Stored s -> ctx.status(202).contentType("application/json").result(Problem.JSON.createObjectNode()
                    .put("id", s.messageId()).put("eventType", type).put("deliveries", s.deliveries()).toString());
            case Appended.Duplicate d -> ctx.status(200).contentType("application/json").result(Problem.JSON.createObjectNode()
                    .put("id", d.messageId()).put("eventType", type).put("duplicate", true).toString());
            case Appended.Overloaded o -> {
                // Nothing was stored: a retry with the same Idempotency-Key must publish, not get this 503 back for a day.
                Idempotency.notRun(ctx);
                ctx.header("Retry-After", "5");
                Problem.write(ctx, 503, "overloaded", "Overloaded", o.backlog() + " deliveries are waiting; publish again later");
            }
        }
    }
}
