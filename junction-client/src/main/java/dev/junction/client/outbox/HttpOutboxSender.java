package dev.junction.client.outbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.core.idempotency.IdempotencyKeyHeader;
import dev.junction.core.retry.OutcomeClass;
import dev.junction.core.retry.OutcomeClassifier;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Function;

/**
 * Sends outbox events over HTTP, each with its id as the {@code Idempotency-Key}, so that a resend after a crash is
 * recognised by the receiver: either the payload as it is to any endpoint ({@link #to}), or as a message to
 * Junction's publish API ({@link #junction}). One attempt per call: the relay does the retrying.
 */
public final class HttpOutboxSender implements OutboxSender {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final Function<OutboxMessage, HttpRequest.Builder> request;
    private final Duration timeout;

    private HttpOutboxSender(HttpClient http, Function<OutboxMessage, HttpRequest.Builder> request, Duration timeout) {
        this.http = http;
        this.request = request;
        this.timeout = timeout;
    }

    /** POSTs each event's payload to the URL {@code url} gives for it, with {@code Content-Type: application/json}. */
    public static HttpOutboxSender to(HttpClient http, Function<OutboxMessage, URI> url, Duration timeout) {
        return new HttpOutboxSender(http, m -> HttpRequest.newBuilder(url.apply(m)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(m.payload())), timeout);
    }

    /**
     * Publishes each event to Junction: {@code POST <base>/api/v1/apps/<destination>/messages} with {@code
     * {"event_type": type, "payload": payload, "event_id": id}} (the payload must be JSON), authorised by {@code
     * apiKey}. {@code base} may carry a path (a gateway behind a proxy at {@code https://host/junction/}); the event's
     * id is both the Idempotency-Key and the event id, so a resent event is never published twice, however late.
     */
    public static HttpOutboxSender junction(HttpClient http, URI base, String apiKey, Duration timeout) {
        String root = base.toString().replaceAll("/+$", "");
        return new HttpOutboxSender(http, m -> {
            ObjectNode body = JSON.createObjectNode().put("event_type", m.type());
            try {
                body.set("payload", JSON.readTree(m.payload()));
            } catch (IOException e) {
                throw new IllegalArgumentException("outbox event " + m.id() + " has a payload that is not JSON");
            }
            body.put("event_id", m.id());
            String app = URLEncoder.encode(m.destination(), StandardCharsets.UTF_8).replace("+", "%20");
            return HttpRequest.newBuilder(URI.create(root + "/api/v1/apps/" + app + "/messages"))
                    .header("Authorization", "Bearer " + apiKey).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        }, timeout);
    }

    @Override
    public OutcomeClass send(OutboxMessage message) throws IOException, InterruptedException {
        HttpRequest r;
        try {
            r = request.apply(message).header(IdempotencyKeyHeader.NAME, IdempotencyKeyHeader.format(message.id())).timeout(timeout).build();
        } catch (IllegalArgumentException e) {
            return OutcomeClass.PERMANENT;
        }
        return OutcomeClassifier.ofStatus(http.send(r, HttpResponse.BodyHandlers.discarding()).statusCode());
    }
}
