package dev.junction.client.http;

import dev.junction.core.idempotency.IdempotencyKeyHeader;
import dev.junction.core.retry.RetrySchedule;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;

/**
 * Calls over the JDK's {@link HttpClient} within a deadline, retrying what is worth retrying and safe to retry:
 * <ul>
 *   <li>each attempt's timeout is the smallest of {@link ResilientHttpConfig#attemptTimeout()}, the request's own
 *       {@link HttpRequest#timeout()} and what remains of the deadline; a retry is not started unless {@link ResilientHttpConfig#minAttemptTime()} would remain after
 *       its wait; the remaining milliseconds can be sent downstream in a header;</li>
 *   <li>only the gateway's retryable outcomes are retried (408, 425, 429, 5xx, transport errors), and only for
 *       idempotent methods or requests with an {@code Idempotency-Key}; a POST or PATCH without one gets a UUIDv7
 *       key, made once and sent on every attempt;</li>
 *   <li>waits are full-jitter exponential backoff, never shorter than the host's {@code Retry-After} (seconds or an
 *       HTTP-date); a Retry-After beyond the policy's max delay or the deadline ends the call with that answer;</li>
 *   <li>each host has a retry budget, a breaker and a bulkhead; the caller's {@code traceparent} is propagated.</li>
 * </ul>
 * The last response is returned as it is when retries end (a 503 is an answer, not an exception); the last
 * transport error is thrown. Thread-safe: share one per application.
 */
public final class ResilientHttpClient {

    private final Transport transport;
    private final ResilientHttpConfig config;
    private final RetrySchedule schedule;
    private final HostGuards guards;

    /** A client sending through {@code transport} as {@code config} says. */
    public ResilientHttpClient(Transport transport, ResilientHttpConfig config) {
        this.transport = transport;
        this.config = config;
        this.schedule = new RetrySchedule(config.retry(), config.random());
        this.guards = new HostGuards(config);
    }

    /** A client on {@code client} with {@code config}. */
    public static ResilientHttpClient of(HttpClient client, ResilientHttpConfig config) {
        return new ResilientHttpClient(Transport.of(client), config);
    }

    /** Sends {@code request} within the configured call timeout. */
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException, InterruptedException {
        return send(request, handler, Deadline.in(config.callTimeout(), config.clock()));
    }

    /** Sends {@code request}, retries included, before {@code deadline}. */
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler, Deadline deadline)
            throws IOException, InterruptedException {
        HttpRequest prepared = prepare(request);
        String host = hostOf(request.uri());
        return new HttpCall<>(transport, config, schedule, guards.of(host), host, prepared, handler, deadline).run();
    }

    /** The state of {@code host}'s breaker (as {@link #hostOf} names it), e.g. to report it on a health page. */
    public CircuitBreaker.State breakerState(String host) {
        return guards.breaker(host.toLowerCase(Locale.ROOT)).getState();
    }

    /**
     * What a host's breaker, bulkhead, budget and metrics are keyed by: its name in lower case, and its port unless it is
     * the scheme's default ({@code api.example.com}, {@code 127.0.0.1:8080}). So {@code API.example.com} and
     * {@code api.example.com:443} share one breaker, and user info in a URL never becomes a metric label.
     */
    public static String hostOf(URI uri) {
        String host = uri.getHost() == null ? uri.getAuthority() : uri.getHost();
        host = host == null ? "" : host.toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        int defaultPort = "https".equalsIgnoreCase(uri.getScheme()) ? 443 : "http".equalsIgnoreCase(uri.getScheme()) ? 80 : -1;
        return port == -1 || port == defaultPort ? host : host + ":" + port;
    }

    /** {@code request} with what every attempt carries: a key for a POST or PATCH, and a traceparent. */
    private HttpRequest prepare(HttpRequest request) {
        HttpRequest.Builder b = HttpRequest.newBuilder(request, (name, value) -> true);
        if (config.idempotencyKeys() && RetrySafety.wantsKey(request)) {
            b.setHeader(IdempotencyKeyHeader.NAME, IdempotencyKeyHeader.format(config.keys().next().toString()));
        }
        if (request.headers().firstValue(Traceparent.HEADER).flatMap(Traceparent::parse).isEmpty()) {
            Traceparent trace = config.traceparent().get().flatMap(Traceparent::parse).orElseGet(() -> Traceparent.newRoot(config.random()));
            b.setHeader(Traceparent.HEADER, trace.value());
        }
        return b.build();
    }
}
