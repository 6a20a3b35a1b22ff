package dev.junction.engine.outbound;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON Schema on networknt's json-schema-validator: checks that a schema is one (against its dialect's
 * meta-schema), compiles it, and lists a document's violations. Dialect 2020-12 unless the schema's
 * {@code $schema} names draft 4, 6, 7 or 2019-09. Nothing is ever fetched: a {@code $ref} may point inside the
 * schema ({@code #/$defs/...}) or to the bundled meta-schemas, and anything else fails to compile. {@code format}
 * is asserted (date-time, email, uuid, ...), since a schema that only annotated would surprise most publishers.
 *
 * <p>The validator runs on Jackson 3 ({@code tools.jackson}); the rest of Junction on Jackson 2. So JSON crosses
 * in here as text, never as a tree of the other Jackson.
 */
public final class JsonSchemas {

    private static final Map<String, SpecificationVersion> DIALECTS = Map.of(
            "https://json-schema.org/draft/2020-12/schema", SpecificationVersion.DRAFT_2020_12,
            "https://json-schema.org/draft/2019-09/schema", SpecificationVersion.DRAFT_2019_09,
            "http://json-schema.org/draft-07/schema", SpecificationVersion.DRAFT_7,
            "http://json-schema.org/draft-06/schema", SpecificationVersion.DRAFT_6,
            "http://json-schema.org/draft-04/schema", SpecificationVersion.DRAFT_4);
    private static final String DEFAULT_DIALECT = "https://json-schema.org/draft/2020-12/schema";

    private final ObjectMapper json = JsonMapper.builder().build();
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, builder -> builder
            .schemaRegistryConfig(SchemaRegistryConfig.builder().pathType(PathType.JSON_POINTER).formatAssertionsEnabled(true).build())
            // Only the meta-schemas bundled in the validator's jar: no network, and no other classpath resource.
            .schemaLoader(loader -> loader.fetchRemoteResources(false)
                    .allow(iri -> iri.toString().startsWith("https://json-schema.org/") || iri.toString().startsWith("http://json-schema.org/")
                            || iri.toString().startsWith("classpath:draft"))));

    /**
     * Parses and compiles {@code schemaJson}, checked first against its dialect's meta-schema.
     *
     * @throws InvalidSchema saying what is wrong, e.g. "/properties/amount/minimum: string found, number expected"
     */
    public CompiledSchema compile(String schemaJson) {
        JsonNode schema = parse(schemaJson, "schema");
        if (!schema.isObject() && !schema.isBoolean()) throw new InvalidSchema("a schema must be a JSON object (or true or false)");
        String dialect = DEFAULT_DIALECT;
        if (schema.isObject() && schema.has("$schema")) {
            String named = schema.get("$schema").asString("").replaceAll("#$", "");
            if (!DIALECTS.containsKey(named)) {
                throw new InvalidSchema("$schema must name one of " + String.join(", ", DIALECTS.keySet()) + ", not '" + shorten(named) + "'");
            }
            dialect = named;
        }
        // Resolved only while a document is validated, so a bad one would make every publish of the type fail: refused here.
        String dynamic = dynamicReference(schema, "");
        if (dynamic != null) {
            throw new InvalidSchema(dynamic + ": $dynamicRef and $recursiveRef are not supported in event type schemas; use $ref to #/$defs/...");
        }
        List<SchemaViolation> problems;
        Schema compiled;
        try {
            problems = violations(registry.getSchema(SchemaLocation.of(dialect)), schema);
            if (!problems.isEmpty()) throw new InvalidSchema(describe(problems.get(0)));
            compiled = registry.getSchema(schema);
            compiled.initializeValidators(); // resolves every $ref now, so a dangling one is refused here, not at publish
        } catch (SchemaException e) {
            throw new InvalidSchema(e.getMessage());
        }
        return new CompiledSchema(compiled);
    }

    /** Where the first {@code $dynamicRef} or {@code $recursiveRef} in {@code node} is (a JSON pointer), or null. */
    private static String dynamicReference(JsonNode node, String at) {
        if (node.isObject()) {
            for (var e : node.properties()) {
                String here = at + "/" + pointerToken(e.getKey());
                if (e.getKey().equals("$dynamicRef") || e.getKey().equals("$recursiveRef")) return here;
                String found = dynamicReference(e.getValue(), here);
                if (found != null) return found;
            }
        } else if (node.isArray()) {
            int i = 0;
            for (JsonNode element : node) {
                String found = dynamicReference(element, at + "/" + i++);
                if (found != null) return found;
            }
        }
        return null;
    }

    /** The violations of a JSON document (given as text) against {@code schema}; empty when it fits. */
    public List<SchemaViolation> violations(CompiledSchema schema, String documentJson) {
        return violations(schema.schema(), parse(documentJson, "payload"));
    }

    /** The elements of a JSON array given as text, each as text. */
    List<String> elements(String arrayJson) {
        JsonNode array = parse(arrayJson, "examples");
        if (!array.isArray()) throw new IllegalArgumentException("examples must be a JSON array");
        List<String> result = new ArrayList<>();
        array.forEach(element -> result.add(element.toString()));
        return result;
    }

    /** Parses JSON text with this class's Jackson; {@code what} names it in the error. */
    JsonNode parse(String text, String what) {
        try {
            return json.readTree(text);
        } catch (JacksonException e) {
            throw new InvalidSchema(what + " is not JSON: " + e.getOriginalMessage());
        }
    }

    List<SchemaViolation> violations(Schema schema, JsonNode document) {
        List<SchemaViolation> result = new ArrayList<>();
        for (Error e : schema.validate(document)) {
            String path = e.getInstanceLocation().toString();
            if ("required".equals(e.getKeyword()) && e.getProperty() != null) path = path + "/" + pointerToken(e.getProperty());
            result.add(new SchemaViolation(path, e.getKeyword(), e.getMessage()));
        }
        return result;
    }

    static String describe(SchemaViolation v) {
        return (v.path().isEmpty() ? "" : v.path() + ": ") + v.message();
    }

    private static String pointerToken(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }

    private static String shorten(String value) {
        return value.length() <= 80 ? value : value.substring(0, 80) + "...";
    }

    /** A schema ready to check documents against; safe to share between threads. */
    public record CompiledSchema(Schema schema) {}
}
