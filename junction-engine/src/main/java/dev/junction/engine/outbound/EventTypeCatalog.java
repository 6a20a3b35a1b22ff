package dev.junction.engine.outbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.junction.store.EventType;
import dev.junction.store.EventTypes;
import java.util.List;
import java.util.Optional;

/**
 * Checks a payload against its event type before it is published: the call publish makes. The type is read
 * from the store on every call (one primary-key read), so a change made on any node applies to the next
 * publish everywhere; its compiled schema is cached by name and revision, so a schema compiles once per change,
 * not once per message.
 */
public final class EventTypeCatalog {

    /** Compiled schemas kept; the least used go first. */
    public static final int DEFAULT_CACHE_SIZE = 1_000;

    private final EventTypes store;
    private final JsonSchemas schemas;
    private final Cache<Key, JsonSchemas.CompiledSchema> compiled;

    private record Key(String name, long revision) {}

    public EventTypeCatalog(EventTypes store, JsonSchemas schemas, int cacheSize) {
        if (cacheSize < 1) throw new IllegalArgumentException("cacheSize must be at least 1, but was " + cacheSize);
        this.store = store;
        this.schemas = schemas;
        this.compiled = Caffeine.newBuilder().maximumSize(cacheSize).build();
    }

    public EventTypeCatalog(EventTypes store) {
        this(store, new JsonSchemas(), DEFAULT_CACHE_SIZE);
    }

    /** The schemas this catalogue compiles with, for checking a definition before it is stored. */
    public JsonSchemas schemas() {
        return schemas;
    }

    /**
     * Checks a definition before it is stored: its schema, when it has one, must be a valid JSON Schema, and
     * every example must fit it.
     *
     * @throws InvalidSchema   when the schema is not one
     * @throws ExampleMismatch naming the first example that does not fit
     */
    public void checkDefinition(EventType.Definition definition) {
        if (definition.schema() == null) return;
        JsonSchemas.CompiledSchema schema = schemas.compile(definition.schema());
        List<String> examples = schemas.elements(definition.examples());
        for (int i = 0; i < examples.size(); i++) {
            List<SchemaViolation> violations = schemas.violations(schema, examples.get(i));
            if (!violations.isEmpty()) throw new ExampleMismatch(i, violations);
        }
    }

    /**
     * Whether {@code payload} may be published as {@code eventType}: an undeclared type, or one without a schema,
     * accepts anything; an archived one nothing; otherwise the payload must fit the schema.
     */
    public Validation validate(String eventType, JsonNode payload) {
        Optional<EventType> found = store.eventType(eventType);
        if (found.isEmpty()) return new Validation.Accepted(eventType, false, false);
        EventType type = found.get();
        if (type.archived()) return new Validation.Archived(eventType, type.archivedAt());
        if (type.definition().schema() == null) return new Validation.Accepted(eventType, true, false);
        JsonSchemas.CompiledSchema schema = compiled.get(new Key(type.name(), type.revision()), k -> schemas.compile(type.definition().schema()));
        List<SchemaViolation> violations = schemas.violations(schema, payload.toString());
        return violations.isEmpty() ? new Validation.Accepted(eventType, true, true) : new Validation.Violations(eventType, violations);
    }

    /** How many compiled schemas are cached now (for tests and metrics). */
    long cachedSchemas() {
        compiled.cleanUp();
        return compiled.estimatedSize();
    }
}
