package dev.junction.client.outbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.client.http.Transport;
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
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * Sends outbox events over HTTP, each with its id as the {@code Idempotency-Key}, so that a resend after a crash is
 * recognised by the receiver: either the payload as it is to any endpoint ({@link #to}), or as a message to
 * Junction's publish API ({@link #junction}). One attempt per call: the relay does the retrying.
 *
 * <p>The timeout covers the whole exchange, the answer's body included (of which at most {@link AnswerExcerpt#LIMIT}
 * bytes are read): a receiver that sends its headers and then drips its body is timed out, a retryable failure, and
 * does not hold the relay past its lease. Statuses are judged as the gateway judges its deliveries (2xx delivered;
 * 408, 425, 429 and 5xx retried; other 3xx and 4xx dead at once), except that a 409 with {@code Retry-After} is
 * retried: an {@code Idempotency-Key} receiver's answer to a resend while the first send is still being processed.
 */
public final class HttpOutboxSender implements OutboxSender {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Transport http;
    private final Function<OutboxMessage, HttpRequest.Builder> request;
    private final Duration timeout;

    private HttpOutboxSender(HttpClient http, Function<OutboxMessage, HttpRequest.Builder> request, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("the outbox send timeout must be positive, but was " + timeout);
        this.http = Transport.of(http);
        this.request = request;
        this.timeout = timeout;
    }

    /** POSTs each event's payload to {@code endpoint}, with {@code Content-Type: application/json}. */
    public static HttpOutboxSender to(HttpClient http, URI endpoint, Duration timeout) {
        URI checked = httpUrl("the outbox endpoint", endpoint);
        return to(http, m -> checked, timeout);
    }

    /**
     * POSTs each event's payload to the URL {@code url} gives for it, with {@code Content-Type: application/json}. A
     * URL that is missing or not http(s) makes the event dead at once, its error saying so.
     */
    public static HttpOutboxSender to(HttpClient http, Function<OutboxMessage, URI> url, Duration timeout) {
        return new HttpOutboxSender(http, m -> HttpRequest.newBuilder(httpUrl("the outbox endpoint of destination '" + m.destination() + "'",
                        url.apply(m))).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(m.payload())),
                timeout);
    }

    /**
     * Publishes each event to Junction: {@code POST <base>/api/v1/apps/<destination>/messages} with {@code
     * {"event_type": type, "payload": payload, "event_id": id}} (the payload must be JSON), authorised by {@code
     * apiKey}. {@code base} may carry a path (a gateway behind a proxy at {@code https://host/junction/}); the event's
     * id is both the Idempotency-Key and the event id, so a resent event is never published twice, however late.
     */
    public static HttpOutboxSender junction(HttpClient http, URI base, String apiKey, Duration timeout) {
        String root = httpUrl("the Junction URL of the outbox", base).toString().replaceAll("/+$", "");
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

    /**
     * {@code url} when it is an absolute http(s) URL with a host; else an IllegalArgumentException naming {@code what}
     * (and never the URL itself, which may carry a password or a token).
     */
    static URI httpUrl(String what, URI url) {
        if (url == null || url.toString().isBlank()) throw new IllegalArgumentException(what + " is not set (blank): give an http:// or https:// URL");
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException(what + " must be an http:// or https:// URL, but its scheme is '" + scheme + "'");
        }
        if (url.getHost() == null || url.getHost().isEmpty()) throw new IllegalArgumentException(what + " must be an http:// or https:// URL with a host, but has none");
        return url;
    }

    @Override
    public OutcomeClass send(OutboxMessage message) throws IOException, InterruptedException {
        return attempt(message).outcome();
    }

    @Override
    public OutboxAttempt attempt(OutboxMessage message) throws IOException, InterruptedException {
        HttpRequest r;
        try {
            r = request.apply(message).header(IdempotencyKeyHeader.NAME, IdempotencyKeyHeader.format(message.id())).timeout(timeout).build();
        } catch (IllegalArgumentException e) {
            return new OutboxAttempt(OutcomeClass.PERMANENT, "no request", e.getMessage(), null);
        }
        return judge(http.send(r, AnswerExcerpt.handler()));
    }

    /** The outcome of {@code answer}, with its status and the start of its body for the record. */
    static OutboxAttempt judge(HttpResponse<byte[]> answer) {
        int status = answer.statusCode();
        String retryAfter = answer.headers().firstValue("Retry-After").orElse(null);
        OutcomeClass outcome = status == 409 && retryAfter != null ? OutcomeClass.RETRYABLE : OutcomeClassifier.ofStatus(status);
        if (outcome == OutcomeClass.SUCCESS) return new OutboxAttempt(outcome, null, null, null);
        String detail = status >= 300 && status < 400
                ? "redirects are not followed (a POST's body would be lost): give the URL it redirects to"
                : new String(answer.body(), StandardCharsets.UTF_8);
        return new OutboxAttempt(outcome, "HTTP " + status, detail, retryAfter);
    }
}
