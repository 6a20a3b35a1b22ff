package dev.junction.server.drill;

import dev.junction.core.config.DestinationSpec;
import dev.junction.engine.deliver.DeliveryHeaders;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Sends test events to the destination as a delivery is sent: POST, the message's content type, and the headers
 * {@link DeliveryHeaders} gives every delivery (webhook-id, a fresh webhook-timestamp and webhook-signature per
 * attempt, the destination's own headers). The JDK's HttpClient (HTTP/1.1) is used rather than the engine's Jetty
 * client, which belongs to a running delivery loop; what the receiver sees is the same request.
 */
final class Sender implements AutoCloseable {

    static final String CONTENT_TYPE = "application/json";

    private final DestinationSpec destination;
    private final HttpClient http;
    private final Clock clock;

    Sender(DestinationSpec destination, Clock clock) {
        this.destination = destination;
        this.clock = clock;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(destination.timeout()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    Duration timeout() {
        return destination.timeout();
    }

    /** One attempt, answered or given up after the destination's timeout. */
    CompletableFuture<Answer> send(TestEvent event) {
        HttpRequest.Builder request = HttpRequest.newBuilder(destination.url()).timeout(destination.timeout())
                .header("Content-Type", CONTENT_TYPE).POST(HttpRequest.BodyPublishers.ofByteArray(event.body()));
        headers(event).forEach(request::header);
        long start = System.nanoTime();
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding())
                .handle((response, error) -> {
                    Duration took = Duration.ofNanos(System.nanoTime() - start);
                    if (error == null) return Answer.of(event.id(), response.statusCode(), took);
                    Throwable cause = error.getCause() != null ? error.getCause() : error;
                    boolean timedOut = cause instanceof HttpTimeoutException;
                    return new Answer(event.id(), 0, timedOut ? destination.timeout() : took, timedOut,
                            timedOut ? null : cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
                });
    }

    /**
     * An attempt that production gave up on: the whole request is written, and the connection closed before any
     * answer, as when the timeout runs out while the receiver is still at work. The receiver may well process it.
     */
    void abandon(TestEvent event) throws IOException {
        URI url = destination.url();
        boolean tls = "https".equalsIgnoreCase(url.getScheme());
        int port = url.getPort() > 0 ? url.getPort() : tls ? 443 : 80;
        String path = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\n")
                .append("Host: ").append(url.getHost()).append(url.getPort() > 0 ? ":" + url.getPort() : "").append("\r\n")
                .append("Content-Type: ").append(CONTENT_TYPE).append("\r\n")
                .append("Content-Length: ").append(event.body().length).append("\r\n")
                .append("Connection: close\r\n");
        headers(event).forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("\r\n");
        try (Socket socket = tls ? tlsSocket(url.getHost(), port) : new Socket(url.getHost(), port)) {
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(event.body());
            out.flush();
        }
    }

    /** A TLS socket that checks the certificate names the host, as the HttpClient does. */
    private static Socket tlsSocket(String host, int port) throws IOException {
        SSLSocket socket = (SSLSocket) SSLSocketFactory.getDefault().createSocket(host, port);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
        return socket;
    }

    private Map<String, String> headers(TestEvent event) {
        return DeliveryHeaders.of(event.id(), event.body(), destination, clock.instant().getEpochSecond());
    }

    /** Every attempt of {@code events} at once, each waited for (each one ends by its own timeout). */
    List<Answer> sendAll(List<TestEvent> events) {
        List<CompletableFuture<Answer>> sent = events.stream().map(this::send).toList();
        return sent.stream().map(CompletableFuture::join).toList();
    }

    @Override
    public void close() {
        http.close();
    }
}
