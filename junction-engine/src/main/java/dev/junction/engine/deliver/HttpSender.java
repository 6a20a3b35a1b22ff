package dev.junction.engine.deliver;

import dev.junction.core.config.DestinationSpec;
import dev.junction.core.verify.StandardWebhooksSigner;
import dev.junction.store.ClaimedDelivery;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;

/**
 * POSTs a delivery to an HTTP destination with the original body and content type and the Standard
 * Webhooks headers: {@code webhook-id} is the message id, so it is stable across retries and replays
 * and the receiver can dedupe on it.
 */
public final class HttpSender implements AutoCloseable {

    static final int EXCERPT_BYTES = 256;
    private static final java.util.HexFormat HEX = java.util.HexFormat.of();

    /** 32 lowercase hex digits (checked by hand: this runs for every delivery, a regex would be compiled each time). */
    static boolean isTraceId(String s) {
        if (s == null || s.length() != 32) return false;
        for (int i = 0; i < 32; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) return false;
        }
        return true;
    }

    private final HttpClient client;
    private final Clock clock;

    public HttpSender(Clock clock) {
        this.clock = clock;
        this.client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    public SendResult send(ClaimedDelivery delivery, DestinationSpec destination) {
        long timestamp = clock.instant().getEpochSecond();
        String webhookId = delivery.message().id();
        byte[] body = delivery.message().body();
        HttpRequest.Builder request = HttpRequest.newBuilder(destination.url())
                .timeout(destination.timeout())
                .header("Content-Type", delivery.message().contentType() == null
                        ? "application/octet-stream" : delivery.message().contentType())
                .header("User-Agent", "Junction")
                .header("webhook-id", webhookId)
                .header("webhook-timestamp", Long.toString(timestamp))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (destination.secret() != null) {
            request.header("webhook-signature", StandardWebhooksSigner.sign(destination.secret(), webhookId, timestamp, body));
        }
        String traceId = delivery.message().traceId();
        if (isTraceId(traceId)) {
            // W3C trace context: the trace started (or continued) at ingest, with a new span per attempt.
            request.header("traceparent", "00-" + traceId + "-"
                    + HEX.toHexDigits(java.util.concurrent.ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE)) + "-01");
        }
        destination.headers().forEach(request::header);
        try {
            HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            String excerpt;
            try (InputStream in = response.body()) {
                // Read only the excerpt we keep: a receiver's huge error page must not fill memory.
                excerpt = new String(in.readNBytes(EXCERPT_BYTES), StandardCharsets.UTF_8);
            }
            return SendResult.response(response.statusCode(), response.headers().firstValue("Retry-After").orElse(null), excerpt);
        } catch (IOException e) {
            return SendResult.failure(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SendResult.failure(e);
        } catch (RuntimeException e) {
            // Never throw: the dispatcher must always get a result to record and to free the destination's slot.
            return SendResult.failure(e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
