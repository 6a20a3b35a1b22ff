package dev.junction.engine.append;

import dev.junction.core.verify.WebhookRequest;
import java.util.Map;

/**
 * An event a door has checked and keyed, ready for the log: what is stored, and what routing reads.
 *
 * @param dedupeKey   the door's idempotency key: a second arrival with the same source and key is a duplicate
 * @param eventType   the event's type, or null when it has none (routes with {@code when.type} do not take it)
 * @param keptHeaders the headers stored with the message (the door leaves out credentials)
 * @param content     headers and body as received: ordering keys are read from them
 */
public record Arrival(String source, String dedupeKey, String eventType, String contentType, Map<String, String> keptHeaders,
                      WebhookRequest content, String traceId) {

    /** Sources of published messages are named after their application: {@code app:<uid>}. */
    public static final String APP_PREFIX = "app:";
    /** The one metrics label of every application's messages (a series per application would not scale). */
    public static final String APPS_LABEL = "outbound-apps";

    /** The source label of this arrival's metrics. */
    public String metricsSource() {
        return source.startsWith(APP_PREFIX) ? APPS_LABEL : source;
    }
}
