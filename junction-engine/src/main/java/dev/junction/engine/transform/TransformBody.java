package dev.junction.engine.transform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.engine.enrich.Enricher;
import java.io.IOException;
import java.util.List;

/** A JSON body read into the maps and lists JSONata works on, run through transforms, and written back. */
public final class TransformBody {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TransformBody() {}

    /** The parsed body; a body that is not JSON fails the transform (the message says so, never what it holds). */
    public static Object read(byte[] body) {
        try {
            Object value = JSON.readValue(body, Object.class);
            if (value == null) throw new TransformFailure("the body is JSON null: there is nothing to transform");
            return value;
        } catch (IOException e) {
            throw new TransformFailure("the body is not JSON, so it cannot be transformed");
        }
    }

    public static byte[] write(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new TransformFailure("the expression's result cannot be written as JSON (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** {@code body} through each of {@code steps} in turn: a route's transform, then its destination's. */
    public static byte[] apply(byte[] body, List<Transform> steps) {
        return apply(body, null, steps);
    }

    /** As above, after {@code enricher} (null: none) has put its answer into the body. */
    public static byte[] apply(byte[] body, Enricher enricher, List<Transform> steps) {
        Object value;
        if (enricher == null) {
            value = read(body);
        } else {
            JsonNode tree;
            try {
                tree = JSON.readTree(body);
            } catch (IOException e) {
                throw new TransformFailure("the body is not JSON, so it cannot be enriched");
            }
            value = JSON.convertValue(enricher.enrich(tree), Object.class);
        }
        for (Transform step : steps) value = step.apply(value);
        return write(value);
    }
}
