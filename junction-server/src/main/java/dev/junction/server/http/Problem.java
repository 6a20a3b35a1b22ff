package dev.junction.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.engine.outbound.SchemaViolation;
import io.javalin.http.Context;
import java.util.List;

/** RFC 9457 problem details: every error a client can cause is answered in this one shape. */
public final class Problem {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Problem.class);

    private Problem() {}

    /**
     * Writes {@code application/problem+json} with a type of {@code /problems/<slug>} (a relative URI
     * resolved against the gateway's address), a title, and the request path as instance.
     */
    public static void write(Context ctx, int status, String slug, String title, String detail) {
        send(ctx, body(ctx, status, slug, title, detail));
    }

    /** 400 {@code /problems/bad-parameter} naming the query parameter or body field in a {@code parameter} member too. */
    static void badParameter(Context ctx, String parameter, String detail) {
        send(ctx, body(ctx, 400, "bad-parameter", "Bad parameter", detail).put("parameter", parameter));
    }

    /**
     * 400 {@code /problems/malformed-payload}: a verified body without the dedupe key its source promises,
     * with a {@code reason} member (not-json, key-missing, key-empty, key-wrong-type) for machines.
     */
    static void malformedPayload(Context ctx, String reason, String detail) {
        send(ctx, body(ctx, 400, "malformed-payload", "Malformed payload", detail).put("reason", reason));
    }

    /**
     * 422 {@code /problems/payload-does-not-match-schema}: a payload published under {@code eventType} breaks its
     * schema; {@code errors} lists each violation as {@code {"path": JSON Pointer, "rule": keyword, "message"}}.
     */
    public static void schemaViolations(Context ctx, String eventType, List<SchemaViolation> violations) {
        ObjectNode body = body(ctx, 422, "payload-does-not-match-schema", "Payload does not match schema",
                "The payload does not match the schema of event type '" + eventType + "' (" + violations.size()
                        + (violations.size() == 1 ? " violation" : " violations") + "); fix the payload, or the type's schema with PATCH /api/v1/event-types/"
                        + eventType + ".");
        body.put("eventType", eventType);
        body.set("errors", errors(violations));
        send(ctx, body);
    }

    /** 422 {@code /problems/event-type-archived}: nothing new is published under an archived event type. */
    public static void eventTypeArchived(Context ctx, String eventType) {
        send(ctx, body(ctx, 422, "event-type-archived", "Event type archived",
                "Event type '" + eventType + "' is archived, so nothing new can be published under it; publish under its successor.")
                .put("eventType", eventType));
    }

    static ArrayNode errors(List<SchemaViolation> violations) {
        ArrayNode errors = JSON.createArrayNode();
        violations.forEach(v -> errors.addObject().put("path", v.path()).put("rule", v.rule()).put("message", v.message()));
        return errors;
    }

    static void send(Context ctx, int status, String slug, String title, String detail, java.util.function.Consumer<ObjectNode> more) {
        ObjectNode body = body(ctx, status, slug, title, detail);
        more.accept(body);
        send(ctx, body);
    }

    /** 413 {@code /problems/too-large}: {@code detail} names the limit in bytes and where it is set. */
    static void tooLarge(Context ctx, String detail) {
        write(ctx, 413, "too-large", "Body too large", detail);
    }

    /** 500 {@code /problems/internal}: the gateway failed; the cause goes to the log, never to the client. */
    /**
     * 503 for a request the store failed: {@code /problems/overloaded} (Retry-After 1) when its writers are behind,
     * else {@code /problems/store-unavailable} (Retry-After 5). The store's messages name the operation, SQL state
     * and ids, never bound values, so the line logged is safe.
     */
    static void storeFailed(Context ctx, dev.junction.store.StoreException e) {
        if (e instanceof dev.junction.store.StoreOverloadedException) {
            ctx.header("Retry-After", "1");
            write(ctx, 503, "overloaded", "Gateway overloaded", "The store is behind on writing to disk; nothing was changed. Retry shortly.");
            return;
        }
        LOG.error("request to {} failed: {}", ctx.path(), e.getMessage());
        ctx.header("Retry-After", "5");
        write(ctx, 503, "store-unavailable", "Store unavailable",
                "The gateway could not reach its store; the request may not have taken effect. Retry later.");
    }

    /**
     * Whether {@code e} is the client's doing, met while reading its request: a body that ended before its declared
     * length (the client went away), or chunked encoding or framing Jetty refused. Not the gateway's failure: a 400,
     * logged at DEBUG (a few bytes from anyone made an ERROR with a 55-line stack trace each).
     */
    static boolean brokenRequest(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.io.EOFException || t instanceof org.eclipse.jetty.http.HttpException) return true;
        }
        return false;
    }

    static void brokenRequest(Context ctx) {
        write(ctx, 400, "bad-request", "Bad request",
                "The request's body ended before its declared length, or its framing or chunked encoding was not valid; nothing was stored.");
    }

    static void internal(Context ctx) {
        write(ctx, 500, "internal", "Internal error", "The gateway failed to handle the request; see its log.");
    }

    private static ObjectNode body(Context ctx, int status, String slug, String title, String detail) {
        return JSON.createObjectNode()
                .put("type", "/problems/" + slug)
                .put("title", title)
                .put("status", status)
                .put("detail", detail)
                .put("instance", ctx.path());
    }

    private static void send(Context ctx, ObjectNode body) {
        // As bytes: a string would be encoded as ISO-8859-1 (Jetty knows no charset for this type), and a detail
        // naming a field 'é' reached the client as a byte that is no UTF-8, an emoji as '?'. JSON is UTF-8 (RFC 8259).
        ctx.status(body.get("status").asInt()).contentType("application/problem+json")
                .result(body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
