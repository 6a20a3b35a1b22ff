package dev.junction.engine.transform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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
        Object value = read(body);
        for (Transform step : steps) value = step.apply(value);
        return write(value);
    }
}
