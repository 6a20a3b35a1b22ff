package dev.junction.server.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.core.model.UnicodeText;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A JSON object request body, read field by field; a wrong field is a 400 naming it ({@link BadParameter}). */
final class BodyFields {

    private final ObjectNode body;

    private BodyFields(ObjectNode body) {
        this.body = body;
    }

    /** Trailing content after the value, or a field given twice, makes a body ambiguous: refused, not guessed at. */
    static final ObjectReader STRICT = Problem.JSON.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** The body (UTF-8 JSON) as an object with only {@code known} fields. */
    static BodyFields of(byte[] bytes, Set<String> known) {
        String text;
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(in).toString();
        } catch (CharacterCodingException e) {
            // decode leaves the buffer at the start of the bad sequence
            throw new BadParameter("body", "the body is not UTF-8 (byte " + in.position() + ")");
        }
        JsonNode json;
        try {
            json = text.isBlank() ? Problem.JSON.createObjectNode() : STRICT.readTree(text);
        } catch (StreamReadException e) {
            String why = e.getOriginalMessage();
            if (why.startsWith("Duplicate field")) throw new BadParameter("body", "the body gives a field twice (" + why.substring(why.indexOf('\'')) + ")");
            throw new BadParameter("body", "the body is not JSON");
        } catch (MismatchedInputException e) {
            throw new BadParameter("body", "the body is not one JSON value: something follows it");
        } catch (IOException e) {
            throw new BadParameter("body", "the body is not JSON");
        }
        if (!(json instanceof ObjectNode object)) throw new BadParameter("body", "the body must be a JSON object");
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) throw new BadParameter(name, "unknown field '" + Params.shorten(name) + "' " + (known.isEmpty()
                    ? "(this request takes no fields: send {} or no body)" : "(known: " + String.join(", ", new java.util.TreeSet<>(known)) + ")"));
        }
        return new BodyFields(object);
    }

    boolean has(String name) {
        return body.hasNonNull(name);
    }

    JsonNode node(String name) {
        return body.get(name);
    }

    String text(String name) {
        JsonNode v = body.get(name);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw new BadParameter(name, "'" + name + "' must be a string");
        return wellFormed(name, name, v.asText());
    }

    /** Text no longer than {@code maxLength}, or null when absent. */
    String text(String name, int maxLength) {
        String v = text(name);
        if (v != null && v.length() > maxLength) throw new BadParameter(name, "'" + name + "' must be at most " + maxLength + " characters");
        return v;
    }

    String requiredText(String name, int maxLength) {
        String v = text(name);
        if (v == null || v.isBlank()) {
            throw new BadParameter(name, has(name) ? "'" + name + "' must not be empty" : "'" + name + "' is required");
        }
        if (v.length() > maxLength) throw new BadParameter(name, "'" + name + "' must be at most " + maxLength + " characters");
        return v;
    }

    /** A list of non-blank strings, or null when absent. */
    List<String> strings(String name) {
        return strings(name, Integer.MAX_VALUE);
    }

    /** As {@link #strings(String)}, with at most {@code max} items. */
    List<String> strings(String name, int max) {
        JsonNode v = body.get(name);
        if (v == null || v.isNull()) return null;
        if (!v.isArray()) throw new BadParameter(name, "'" + name + "' must be an array of strings");
        if (v.size() > max) throw new BadParameter(name, "'" + name + "' may hold at most " + max + " items, was " + v.size());
        List<String> values = new ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isTextual() || item.asText().isBlank()) throw new BadParameter(name, "'" + name + "' must hold non-empty strings");
            values.add(wellFormed(name, name + "[" + values.size() + "]", item.asText()));
        }
        return values;
    }

    Map<String, String> stringMap(String name) {
        JsonNode v = body.get(name);
        if (v == null || v.isNull()) return null;
        if (!v.isObject()) throw new BadParameter(name, "'" + name + "' must be an object of strings");
        Map<String, String> values = new LinkedHashMap<>();
        v.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual()) throw new BadParameter(name, "'" + name + "." + e.getKey() + "' must be a string");
            values.put(e.getKey(), e.getValue().asText());
        });
        return values;
    }

    /**
     * {@code value} when it is Unicode text: a lone surrogate escape would be stored as '?', and two event ids or
     * channels that differ only there would become one.
     */
    private static String wellFormed(String name, String where, String value) {
        if (!UnicodeText.isWellFormed(value)) throw new BadParameter(name, "'" + where + "' " + UnicodeText.NOT_TEXT);
        return value;
    }

    int integer(String name, int fallback, int min, int max) {
        JsonNode v = body.get(name);
        if (v == null || v.isNull()) return fallback;
        if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < min || v.asInt() > max) {
            throw new BadParameter(name, "'" + name + "' must be a whole number from " + min + " to " + max);
        }
        return v.asInt();
    }

    Boolean bool(String name) {
        JsonNode v = body.get(name);
        if (v == null || v.isNull()) return null;
        if (!v.isBoolean()) throw new BadParameter(name, "'" + name + "' must be true or false");
        return v.asBoolean();
    }
}
