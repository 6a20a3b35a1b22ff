package dev.junction.server.http;

import io.javalin.http.Context;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * W3C trace context: take the trace id of an inbound {@code traceparent}, or start a new trace. Every
 * response carries it as {@code Trace-Id}, and the request's log lines as {@code trace_id}.
 */
final class Traces {

    private static final Pattern TRACEPARENT = Pattern.compile("^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$");
    private static final String INVALID = "00000000000000000000000000000000";
    private static final String ATTRIBUTE = "junction.trace-id";

    private Traces() {}

    static String traceId(String traceparent) {
        if (traceparent != null) {
            var m = TRACEPARENT.matcher(traceparent.trim());
            if (m.matches() && !m.group(1).equals(INVALID)) return m.group(1);
        }
        byte[] id = new byte[16];
        ThreadLocalRandom.current().nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    /** Before every request: settles its trace id, so even a 404 or a 401 names one. */
    static void begin(Context ctx) {
        String id = traceId(ctx.header("traceparent"));
        ctx.attribute(ATTRIBUTE, id);
        ctx.header("Trace-Id", id);
        MDC.put("trace_id", id);
    }

    /** After every request: request threads may be reused, log context must not be. */
    static void end(Context ctx) {
        MDC.remove("trace_id");
    }

    /** The trace id {@link #begin} chose for this request. */
    static String of(Context ctx) {
        String id = ctx.attribute(ATTRIBUTE);
        return id != null ? id : traceId(ctx.header("traceparent"));
    }
}
