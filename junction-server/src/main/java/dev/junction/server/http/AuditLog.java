package dev.junction.server.http;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One INFO line (logger {@code dev.junction.audit}) per change an operator makes through the admin API, and per read of
 * a signing secret: what (method and path, which name the thing changed: a destination, a dead letter, a key's id),
 * the answer's status, and by which API key (its name). Never a body, a query or a header. Publishing a message is the
 * data plane (counted by metrics) and is left out; the CLI's commands say what they did on their own output.
 */
final class AuditLog {

    private static final Logger log = LoggerFactory.getLogger("dev.junction.audit");
    private static final Pattern PUBLISH = Pattern.compile("/api/v1/apps/[^/]+/messages/*"); // Javalin ignores trailing slashes

    private AuditLog() {}

    static void record(Context ctx) {
        String key = ctx.attribute("api-key");
        if (key == null) return; // refused before any handler ran: the guard's 401 or 403
        HandlerType method = ctx.method();
        boolean change = method != HandlerType.GET && method != HandlerType.HEAD && method != HandlerType.OPTIONS;
        boolean secret = method == HandlerType.GET && AdminAccess.readsSecret(ctx);
        if (!change && !secret) return;
        if (method == HandlerType.POST && PUBLISH.matcher(ctx.path()).matches()) return;
        log.info("admin {} {} answered {} (key '{}', trace {})", method, ctx.path(), ctx.statusCode(), key, Traces.of(ctx));
    }
}
