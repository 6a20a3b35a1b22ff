package dev.junction.engine.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.store.EventType;
import dev.junction.store.EventTypes;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Payloads checked against their event type's JSON Schema, as publish calls it. */
class EventTypeCatalogTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");

    private final MemoryTypes types = new MemoryTypes();
    private final EventTypeCatalog catalog = new EventTypeCatalog(types);

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private void declare(String name, String schema) {
        types.createEventType(name, new EventType.Definition(null, schema, "[]"), NOW);
    }

    private List<SchemaViolation> violations(String type, String payload) {
        Validation v = catalog.validate(type, json(payload));
        return v instanceof Validation.Violations bad ? bad.violations() : List.of();
    }

    @Test
    void anUndeclaredTypeAndATypeWithoutSchemaAcceptAnything() {
        declare("note.added", null);
        assertThat(catalog.validate("never.declared", json("[1, \"x\"]"))).isEqualTo(new Validation.Accepted("never.declared", false, false));
        assertThat(catalog.validate("note.added", json("42"))).isEqualTo(new Validation.Accepted("note.added", true, false));
    }

    @Test
    void aFittingPayloadIsAcceptedAndChecked() {
        declare("invoice.paid", "{\"type\": \"object\", \"properties\": {\"amount\": {\"type\": \"integer\"}}}");
        assertThat(catalog.validate("invoice.paid", json("{\"amount\": 5}"))).isEqualTo(new Validation.Accepted("invoice.paid", true, true));
    }

    @Test
    void aWrongTypeIsNamedWithTheMembersPointer() {
        declare("invoice.paid", "{\"type\": \"object\", \"properties\": {\"amount\": {\"type\": \"integer\"}, \"currency\": {\"type\": \"string\"}}}");
        assertThat(violations("invoice.paid", "{\"amount\": \"ten\", \"currency\": 3}"))
                .extracting(SchemaViolation::path, SchemaViolation::rule)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("/amount", "type"), org.assertj.core.groups.Tuple.tuple("/currency", "type"));
        assertThat(violations("invoice.paid", "[]")).extracting(SchemaViolation::path, SchemaViolation::rule)
                .as("the payload itself: the empty pointer").containsExactly(org.assertj.core.groups.Tuple.tuple("", "type"));
    }

    @Test
    void aMissingRequiredMemberIsNamedByItsOwnPointer() {
        declare("invoice.paid", "{\"type\": \"object\", \"required\": [\"amount\", \"id\"]}");
        List<SchemaViolation> found = violations("invoice.paid", "{\"id\": \"in_1\"}");
        assertThat(found).extracting(SchemaViolation::path, SchemaViolation::rule).containsExactly(org.assertj.core.groups.Tuple.tuple("/amount", "required"));
        assertThat(found.get(0).message()).contains("amount");
    }

    @Test
    void minimumAndPatternAreEnforced() {
        declare("invoice.paid", """
                {"type": "object", "properties": {
                  "amount": {"type": "number", "minimum": 1},
                  "id": {"type": "string", "pattern": "^in_[0-9]+$"}}}""");
        List<SchemaViolation> found = violations("invoice.paid", "{\"amount\": 0, \"id\": \"ch_1\"}");
        assertThat(found).extracting(SchemaViolation::path, SchemaViolation::rule)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("/amount", "minimum"), org.assertj.core.groups.Tuple.tuple("/id", "pattern"));
        assertThat(found).allSatisfy(v -> assertThat(v.message()).isNotBlank());
        assertThat(violations("invoice.paid", "{\"amount\": 1, \"id\": \"in_7\"}")).isEmpty();
    }

    @Test
    void aFailingItemOfANestedArrayIsNamedByItsIndex() {
        declare("order.placed", """
                {"type": "object", "properties": {"lines": {"type": "array", "items": {
                  "type": "object", "required": ["sku"], "properties": {"sku": {"type": "string"}, "qty": {"type": "integer", "minimum": 1}}}}}}""");
        List<SchemaViolation> found = violations("order.placed", "{\"lines\": [{\"sku\": \"a\", \"qty\": 1}, {\"sku\": \"b\", \"qty\": 2}, {\"sku\": 7, \"qty\": 0}, {\"qty\": 1}]}");
        assertThat(found).extracting(SchemaViolation::path, SchemaViolation::rule).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("/lines/2/sku", "type"), org.assertj.core.groups.Tuple.tuple("/lines/2/qty", "minimum"),
                org.assertj.core.groups.Tuple.tuple("/lines/3/sku", "required"));
    }

    @Test
    void aRefToDefsIsFollowed() {
        declare("customer.updated", """
                {"type": "object", "properties": {"billing": {"$ref": "#/$defs/address"}, "shipping": {"$ref": "#/$defs/address"}},
                 "$defs": {"address": {"type": "object", "required": ["country"], "properties": {"country": {"type": "string", "minLength": 2, "maxLength": 2}}}}}""");
        assertThat(violations("customer.updated", "{\"billing\": {\"country\": \"DE\"}, \"shipping\": {\"country\": \"Germany\"}}"))
                .extracting(SchemaViolation::path, SchemaViolation::rule).containsExactly(org.assertj.core.groups.Tuple.tuple("/shipping/country", "maxLength"));
    }

    @Test
    void anArchivedTypeRefusesEveryPayload() {
        declare("invoice.paid", null);
        types.archiveEventType("invoice.paid", NOW);
        assertThat(catalog.validate("invoice.paid", json("{}"))).isEqualTo(new Validation.Archived("invoice.paid", NOW));
        assertThat(catalog.validate("invoice.paid", json("{}")).accepted()).isFalse();
    }

    @Test
    void aSchemaCompilesOncePerRevisionAndAChangeAppliesToTheNextPayload() {
        declare("invoice.paid", "{\"type\": \"object\", \"properties\": {\"amount\": {\"minimum\": 1}}}");
        for (int i = 0; i < 5; i++) assertThat(catalog.validate("invoice.paid", json("{\"amount\": 3}")).accepted()).isTrue();
        assertThat(catalog.cachedSchemas()).isEqualTo(1);

        types.updateEventType("invoice.paid", 1, new EventType.Definition(null, "{\"type\": \"object\", \"properties\": {\"amount\": {\"minimum\": 5}}}", "[]"), NOW);
        assertThat(violations("invoice.paid", "{\"amount\": 3}")).extracting(SchemaViolation::rule).containsExactly("minimum");
        assertThat(types.reads.get()).as("the type is read each time, so another node's change counts at once").isEqualTo(6);
    }

    @Test
    void theCacheIsBounded() {
        EventTypeCatalog small = new EventTypeCatalog(types, new JsonSchemas(), 2);
        for (int i = 0; i < 10; i++) {
            declare("t" + i, "{\"type\": \"object\"}");
            small.validate("t" + i, json("{}"));
        }
        assertThat(small.cachedSchemas()).isLessThanOrEqualTo(2);
        assertThatThrownBy(() -> new EventTypeCatalog(types, new JsonSchemas(), 0)).hasMessageContaining("must be at least 1, but was 0");
    }

    @Test
    void aDefinitionIsCheckedBeforeItIsStored() {
        String schema = "{\"type\": \"object\", \"required\": [\"amount\"], \"properties\": {\"amount\": {\"type\": \"integer\", \"minimum\": 1}}}";
        catalog.checkDefinition(new EventType.Definition(null, schema, "[{\"amount\": 1}, {\"amount\": 2}]"));
        catalog.checkDefinition(new EventType.Definition(null, null, "[\"anything\"]"));

        assertThatThrownBy(() -> catalog.checkDefinition(new EventType.Definition(null, schema, "[{\"amount\": 1}, {\"amount\": 0}]")))
                .isInstanceOfSatisfying(ExampleMismatch.class, e -> {
                    assertThat(e.index()).isEqualTo(1);
                    assertThat(e.violations()).extracting(SchemaViolation::path, SchemaViolation::rule)
                            .containsExactly(org.assertj.core.groups.Tuple.tuple("/amount", "minimum"));
                    assertThat(e.getMessage()).startsWith("examples[1] does not match the schema: /amount: ");
                });
    }

    @Test
    void aSchemaThatIsNotOneIsRefusedWithTheProblemNamed() {
        JsonSchemas schemas = new JsonSchemas();
        assertThatThrownBy(() -> schemas.compile("{\"type\": \"object\", \"properties\": {\"amount\": {\"minimum\": \"one\"}}}"))
                .isInstanceOf(InvalidSchema.class).hasMessageContaining("/properties/amount/minimum");
        assertThatThrownBy(() -> schemas.compile("{\"type\": \"integr\"}")).isInstanceOf(InvalidSchema.class).hasMessageContaining("/type");
        assertThatThrownBy(() -> schemas.compile("{\"type\": ")).isInstanceOf(InvalidSchema.class).hasMessageStartingWith("schema is not JSON");
        assertThatThrownBy(() -> schemas.compile("[1]")).isInstanceOf(InvalidSchema.class).hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> schemas.compile("{\"$schema\": \"https://example.com/mine\"}")).isInstanceOf(InvalidSchema.class)
                .hasMessageContaining("$schema must name one of");
        assertThatThrownBy(() -> schemas.compile("{\"$ref\": \"#/$defs/missing\"}")).isInstanceOf(InvalidSchema.class);
    }

    @Test
    void nothingOutsideTheSchemaIsFetched() {
        JsonSchemas schemas = new JsonSchemas();
        assertThatThrownBy(() -> schemas.compile("{\"$ref\": \"http://127.0.0.1:9/schema.json\"}")).isInstanceOf(InvalidSchema.class);
        assertThatThrownBy(() -> schemas.compile("{\"$ref\": \"classpath:logback-test.xml\"}")).isInstanceOf(InvalidSchema.class);
        // Resolved only while a payload is validated: accepted, they made every publish of the type a 500.
        for (String ref : new String[] {"http://127.0.0.1:9/s.json", "#nope"}) {
            assertThatThrownBy(() -> schemas.compile("{\"type\": \"object\", \"properties\": {\"a\": {\"$dynamicRef\": \"" + ref + "\"}}}"))
                    .isInstanceOf(InvalidSchema.class).hasMessageStartingWith("/properties/a/$dynamicRef: $dynamicRef and $recursiveRef are not supported");
        }
    }

    @Test
    void anOlderDialectNamedBySchemaIsUsed() {
        JsonSchemas schemas = new JsonSchemas();
        // Draft 7 has no $defs keyword meaning, but definitions; and its exclusiveMinimum is a number as in 2020-12.
        JsonSchemas.CompiledSchema s = schemas.compile("{\"$schema\": \"http://json-schema.org/draft-07/schema#\", \"definitions\": {\"n\": {\"type\": \"integer\"}},"
                + " \"properties\": {\"n\": {\"$ref\": \"#/definitions/n\"}}}");
        assertThat(schemas.violations(s, "{\"n\": 1.5}")).extracting(SchemaViolation::path).containsExactly("/n");
    }

    /** The store's role in memory: enough for the catalogue. */
    static final class MemoryTypes implements EventTypes {
        final Map<String, EventType> types = new TreeMap<>();
        final AtomicInteger reads = new AtomicInteger();

        @Override
        public Optional<EventType> createEventType(String name, EventType.Definition d, Instant now) {
            if (types.containsKey(name)) return Optional.empty();
            EventType t = new EventType(name, d, 1, now, now, null);
            types.put(name, t);
            return Optional.of(t);
        }

        @Override
        public Optional<EventType> updateEventType(String name, long revision, EventType.Definition d, Instant now) {
            EventType t = types.get(name);
            if (t == null || t.revision() != revision) return Optional.empty();
            EventType next = new EventType(name, d, revision + 1, t.createdAt(), now, t.archivedAt());
            types.put(name, next);
            return Optional.of(next);
        }

        @Override
        public Optional<EventType> archiveEventType(String name, Instant now) {
            EventType t = types.get(name);
            if (t == null) return Optional.empty();
            if (!t.archived()) types.put(name, new EventType(name, t.definition(), t.revision(), t.createdAt(), t.updatedAt(), now));
            return Optional.of(types.get(name));
        }

        @Override
        public Optional<EventType> eventType(String name) {
            reads.incrementAndGet();
            return Optional.ofNullable(types.get(name));
        }

        @Override
        public List<EventType> eventTypes(boolean includeArchived, String afterName, int limit) {
            return types.values().stream().filter(t -> includeArchived || !t.archived())
                    .filter(t -> afterName == null || t.name().compareTo(afterName) > 0).limit(limit).toList();
        }
    }
}
