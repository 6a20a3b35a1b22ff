package dev.junction.engine.deliver;

import dev.junction.core.config.SyntheticSpec;
import dev.junction.core.verify.Canary;

import dev.junction.core.config.DestinationSpec;
import dev.junction.core.verify.StandardWebhooksSigner;
import dev.junction.store.ClaimedDelivery;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The headers every delivery carries, whatever the kind of destination: HTTP headers, AMQP message
 * headers or NATS headers. {@code webhook-id} is the message id, so it is the same on every retry and
 * replay and the receiver (or JetStream) can dedupe on it.
 */
public final class DeliveryHeaders {

    public static final String WEBHOOK_ID = "webhook-id";
    public static final String WEBHOOK_TIMESTAMP = "webhook-timestamp";
    public static final String WEBHOOK_SIGNATURE = "webhook-signature";
    public static final String TRACEPARENT = "traceparent";
    /** The message's event type, when it has one: receivers and broker consumers route on it without reading the body. */
    public static final String EVENT_TYPE = "webhook-event-type";
    /** What a message without a content type is sent as. */
    public static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";

    private static final HexFormat HEX = HexFormat.of();

    private DeliveryHeaders() {}

    /**
     * In this order: webhook-id, webhook-timestamp, webhook-signature (when the destination has a secret),
     * traceparent (when the message has a trace id), then the destination's own headers (none of these names); then
     * {@value #EVENT_TYPE} when the message has a type, and last {@code Junction-Synthetic} when the message is a
     * synthetic probe's canary.
     *
     * @param timestamp seconds since the epoch, the one that is signed
     */
    public static Map<String, String> of(ClaimedDelivery delivery, DestinationSpec destination, long timestamp) {
        Map<String, String> headers = of(delivery.message().id(), delivery.message().body(), delivery.message().traceId(), destination, timestamp);
        // The type, which a GitHub or Shopify source reads from a header of the provider's that is not passed on: without
        // it a receiver could not tell a push from a pull_request. A destination's header of that name never reaches here.
        String type = delivery.message().eventType();
        if (type != null) headers.put(EVENT_TYPE, type);
        // A synthetic probe's canary says so on each of its deliveries, so receivers can recognise it (ADR 0030).
        Canary.probeOf(delivery.message().headers()).ifPresent(probe -> headers.put(SyntheticSpec.HEADER, probe));
        return headers;
    }

    /** A batch's headers: its id is the {@code webhook-id}, and the signature covers the whole batch body. */
    public static Map<String, String> of(Batch batch, DestinationSpec destination, long timestamp) {
        return of(batch.id(), batch.body(), null, destination, timestamp);
    }

    /** A test event's headers, exactly as a delivery of message {@code webhookId} would carry them ({@code junction drill}). */
    public static Map<String, String> of(String webhookId, byte[] body, DestinationSpec destination, long timestamp) {
        return of(webhookId, body, null, destination, timestamp);
    }

    private static Map<String, String> of(String webhookId, byte[] body, String traceId, DestinationSpec destination, long timestamp) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(WEBHOOK_ID, webhookId);
        headers.put(WEBHOOK_TIMESTAMP, Long.toString(timestamp));
        if (destination.secret() != null) {
            String signature = StandardWebhooksSigner.sign(destination.secret(), webhookId, timestamp, body);
            // During a rotation both keys sign: Standard Webhooks receivers accept any one of the space-separated signatures.
            if (destination.previousSecret() != null) {
                signature += " " + StandardWebhooksSigner.sign(destination.previousSecret(), webhookId, timestamp, body);
            }
            headers.put(WEBHOOK_SIGNATURE, signature);
        }
        if (isTraceId(traceId)) {
            // W3C trace context: the trace started (or continued) at ingest, with a new span per attempt.
            headers.put(TRACEPARENT, "00-" + traceId + "-"
                    + HEX.toHexDigits(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE)) + "-01");
        }
        // The reserved names, every header Junction sets among them, never reach here (the config reader and the
        // endpoint API refuse them); checked again so neither a destination built in code nor an endpoint stored
        // before a name was reserved can replace webhook-id, the event type or the trace.
        destination.headers().forEach((name, value) -> {
            if (!DestinationSpec.RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) headers.put(name, value);
        });
        return headers;
    }

    /** The message's content type, or {@value #DEFAULT_CONTENT_TYPE}. */
    public static String contentType(ClaimedDelivery delivery) {
        String contentType = delivery.message().contentType();
        return contentType == null ? DEFAULT_CONTENT_TYPE : contentType;
    }

    /** 32 lowercase hex digits (checked by hand: this runs for every delivery, a regex would be compiled each time). */
    static boolean isTraceId(String s) {
        if (s == null || s.length() != 32) return false;
        for (int i = 0; i < 32; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) return false;
        }
        return true;
    }
}
