package dev.junction.bench.jmh;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLSession;

/** A 200 with no headers and no body, answered at once to {@code request}: a transport with no socket behind it. */
record InstantResponse<T>(HttpRequest request, HttpResponse.BodyHandler<T> handler) implements HttpResponse<T> {

    private static final HttpHeaders NONE = HttpHeaders.of(Map.of(), (k, v) -> true);

    @Override public int statusCode() { return 200; }
    @Override public Optional<HttpResponse<T>> previousResponse() { return Optional.empty(); }
    @Override public HttpHeaders headers() { return NONE; }
    @Override public T body() { return null; }
    @Override public Optional<SSLSession> sslSession() { return Optional.empty(); }
    @Override public URI uri() { return request.uri(); }
    @Override public HttpClient.Version version() { return HttpClient.Version.HTTP_1_1; }
}
