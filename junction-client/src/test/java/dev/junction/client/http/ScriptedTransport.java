package dev.junction.client.http;

import dev.junction.client.ManualClock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLSession;

/**
 * A transport that answers from a script without a socket: a status with headers, or an I/O error; each step may
 * take time on the test's clock. It keeps every request it was sent.
 */
final class ScriptedTransport implements Transport {

    private record Step(int status, Map<String, List<String>> headers, IOException error, Duration takes) {}

    private final ManualClock clock;
    private final Deque<Step> steps = new ArrayDeque<>();
    final List<HttpRequest> sent = new ArrayList<>();

    ScriptedTransport(ManualClock clock) {
        this.clock = clock;
    }

    ScriptedTransport answer(int status) {
        return answer(status, Map.of());
    }

    ScriptedTransport answer(int status, Map<String, List<String>> headers) {
        steps.add(new Step(status, headers, null, Duration.ZERO));
        return this;
    }

    ScriptedTransport fail(IOException error, Duration takes) {
        steps.add(new Step(0, Map.of(), error, takes));
        return this;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException {
        sent.add(request);
        Step step = steps.isEmpty() ? new Step(200, Map.of(), null, Duration.ZERO) : steps.poll();
        clock.advance(step.takes());
        if (step.error() != null) throw step.error();
        return (HttpResponse<T>) new Response(step.status(), HttpHeaders.of(step.headers(), (a, b) -> true), request);
    }

    private record Response(int statusCode, HttpHeaders headers, HttpRequest request) implements HttpResponse<String> {
        @Override public Optional<HttpResponse<String>> previousResponse() { return Optional.empty(); }
        @Override public String body() { return ""; }
        @Override public Optional<SSLSession> sslSession() { return Optional.empty(); }
        @Override public URI uri() { return request.uri(); }
        @Override public HttpClient.Version version() { return HttpClient.Version.HTTP_1_1; }
    }
}
