package dev.junction.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.engine.outbound.EventTypeCatalog;
import dev.junction.engine.outbound.ExampleMismatch;
import dev.junction.engine.outbound.InvalidSchema;
import dev.junction.store.EventType;
import dev.junction.store.EventTypes;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;

/**
 * The event type catalogue of outbound publishing: create, list, read, change and archive. A schema must be a
 * JSON Schema and every example must fit it before anything is stored; publishing then checks payloads with the
 * same {@link EventTypeCatalog}.
 */
final class EventTypeApi {

    private static final Set<String> CREATE_FIELDS = Set.of("name", "description", "schema", "examples");
    private static final Set<String> PATCH_FIELDS = Set.of("description", "schema", "examples");

    private final EventTypes store;
    private final EventTypeCatalog catalog;
    private final Clock clock;
    private final Idempotency idempotency;

    EventTypeApi(EventTypes store, EventTypeCatalog catalog, Clock clock, Idempotency idempotency) {
        this.idempotency = idempotency;
        this.store = store;
        this.catalog = catalog;
        this.clock = clock;
    }

    void register(RoutesConfig routes) {
        routes.post("/api/v1/event-types", idempotency.honoured(this::create));
        routes.get("/api/v1/event-types", this::list);
        routes.get("/api/v1/event-types/{name}", this::one);
        routes.patch("/api/v1/event-types/{name}", this::patch);
        routes.post("/api/v1/event-types/{name}/archive", idempotency.honoured(this::archive));
    }

    private void create(Context ctx) {
        JsonNode body = object(ctx, CREATE_FIELDS);
        JsonNode name = body.get("name");
        if (name == null || !name.isTextual() || !EventType.NAME.matcher(name.asText()).matches()) {
            throw new BadParameter("name", "name must be 1 to 200 characters of A-Z, a-z, 0-9 and . _ : - (such as invoice.paid).");
        }
        EventType.Definition definition = new EventType.Definition(description(body.get("description")), schema(body.get("schema")), examples(body.get("examples")));
        if (!checked(ctx, definition)) return;
        Optional<EventType> created = store.createEventType(name.asText(), definition, clock.instant());
        if (created.isEmpty()) {
            Problem.write(ctx, 409, "event-type-exists", "Event type exists",
                    "An event type named '" + name.asText() + "' exists already (archived types keep their name); change it with PATCH /api/v1/event-types/" + name.asText() + ".");
            return;
        }
        ctx.status(201).header("Location", "/api/v1/event-types/" + name.asText()).contentType("application/json").result(view(created.get()).toString());
    }

    /** By name; archived types only with {@code include_archived=true}. */
    private void list(Context ctx) {
        Params.only(ctx, Set.of("include_archived", "cursor", "limit"));
        boolean archived = Params.bool(ctx, "include_archived", false);
        Paging.Request page = Paging.read(ctx, "event-types");
        Paging.write(ctx, page, store.eventTypes(archived, page.afterKey(), page.limit() + 1), EventType::name, EventTypeApi::view);
    }

    private void one(Context ctx) {
        Optional<EventType> found = store.eventType(ctx.pathParam("name"));
        if (found.isEmpty()) noSuchType(ctx);
        else ctx.contentType("application/json").result(view(found.get()).toString());
    }

    /** Changes description, schema or examples; a field left out stays, {@code "schema": null} removes the schema. */
    private void patch(Context ctx) {
        JsonNode body = object(ctx, PATCH_FIELDS);
        String name = ctx.pathParam("name");
        Optional<EventType> current = store.eventType(name);
        if (current.isEmpty()) {
            noSuchType(ctx);
            return;
        }
        EventType.Definition was = current.get().definition();
        EventType.Definition next = new EventType.Definition(
                body.has("description") ? description(body.get("description")) : was.description(),
                body.has("schema") ? schema(body.get("schema")) : was.schema(),
                body.has("examples") ? examples(body.get("examples")) : was.examples());
        if (!checked(ctx, next)) return;
        Optional<EventType> updated = store.updateEventType(name, current.get().revision(), next, clock.instant());
        if (updated.isEmpty()) {
            Problem.write(ctx, 409, "event-type-changed", "Event type changed meanwhile",
                    "Event type '" + name + "' was changed by another request while this one was checked; send the change again.");
            return;
        }
        ctx.contentType("application/json").result(view(updated.get()).toString());
    }

    private void archive(Context ctx) {
        Optional<EventType> archived = store.archiveEventType(ctx.pathParam("name"), clock.instant());
        if (archived.isEmpty()) noSuchType(ctx);
        else ctx.contentType("application/json").result(view(archived.get()).toString());
    }

    /** Answers 422 and returns false when the schema is not one or an example does not fit it. */
    private boolean checked(Context ctx, EventType.Definition definition) {
        try {
            catalog.checkDefinition(definition);
            return true;
        } catch (InvalidSchema e) {
            Problem.send(ctx, 422, "invalid-schema", "Invalid JSON Schema", "schema is not a valid JSON Schema: " + e.getMessage() + ".",
                    body -> body.put("parameter", "schema"));
        } catch (ExampleMismatch e) {
            Problem.send(ctx, 422, "example-does-not-match-schema", "Example does not match schema", e.getMessage() + ".", body -> {
                body.put("parameter", "examples").put("example", e.index());
                body.set("errors", Problem.errors(e.violations()));
            });
        }
        return false;
    }

    static ObjectNode view(EventType t) {
        ObjectNode node = Problem.JSON.createObjectNode().put("name", t.name()).put("description", t.definition().description());
        node.set("schema", t.definition().schema() == null ? null : tree(t.definition().schema()));
        node.set("examples", tree(t.definition().examples()));
        return node.put("revision", t.revision()).put("archived", t.archived())
                .put("archivedAt", t.archivedAt() == null ? null : t.archivedAt().toString())
                .put("createdAt", t.createdAt().toString()).put("updatedAt", t.updatedAt().toString());
    }

    private static JsonNode object(Context ctx, Set<String> known) {
        JsonNode json;
        try {
            json = ctx.body().isBlank() ? null : Problem.JSON.readTree(ctx.body());
        } catch (IOException e) {
            json = null;
        }
        if (json == null || !json.isObject()) {
            throw new BadParameter("body", "The body must be a JSON object such as {\"name\": \"invoice.paid\", \"schema\": {\"type\": \"object\"}}.");
        }
        json.fieldNames().forEachRemaining(field -> {
            if (!known.contains(field)) {
                throw new BadParameter(field, "Unknown field '" + Params.shorten(field) + "'; an event type has " + String.join(", ", new java.util.TreeSet<>(known)) + ".");
            }
        });
        return json;
    }

    private static String description(JsonNode value) {
        if (value == null || value.isNull()) return null;
        if (!value.isTextual()) throw new BadParameter("description", "description must be a string.");
        return value.asText();
    }

    private static String schema(JsonNode value) {
        if (value == null || value.isNull()) return null;
        if (!value.isObject() && !value.isBoolean()) throw new BadParameter("schema", "schema must be a JSON Schema object, such as {\"type\": \"object\"}.");
        return value.toString();
    }

    private static String examples(JsonNode value) {
        if (value == null || value.isNull()) return "[]";
        if (!value.isArray()) throw new BadParameter("examples", "examples must be a JSON array of example payloads.");
        return value.toString();
    }

    private static JsonNode tree(String json) {
        try {
            return Problem.JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("stored event type JSON does not parse", e);
        }
    }

    private static void noSuchType(Context ctx) {
        Problem.write(ctx, 404, "no-such-event-type", "No such event type", "No event type is named '" + Params.shorten(ctx.pathParam("name")) + "'.");
    }
}
