package dev.junction.client.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpServer;
import dev.junction.core.retry.RetryPolicy;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An answer that is retried is closed, when its body is a stream: its exchange ends and frees its connection. */
class RetriedStreamsTest {

    private HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        if (server != null) server.stop(0);
        threads.shutdownNow();
        http.shutdownNow(); // close() would wait for every exchange, a leaked stream's too
    }

    @Test
    void retriedAnswersReadAsStreamsAreClosed() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        Set<Integer> connections = ConcurrentHashMap.newKeySet();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 19321), 50);
        server.setExecutor(threads);
        server.createContext("/", exchange -> {
            connections.add(exchange.getRemoteAddress().getPort());
            byte[] body = new byte[64 * 1024];
            exchange.sendResponseHeaders(attempts.incrementAndGet() % 3 == 0 ? 200 : 503, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        ResilientHttpClient client = ResilientHttpClient.of(http, ResilientHttpConfig.custom()
                .retry(new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5), 2.0)).build());

        for (int call = 0; call < 5; call++) {
            HttpResponse<InputStream> answer = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:19321/x")).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(answer.statusCode()).isEqualTo(200);
            try (InputStream in = answer.body()) {
                in.readAllBytes();
            }
        }
        assertThat(attempts).hasValue(15);
        // Every exchange ended, the retried ones too: close() waits for all of them.
        assertTimeoutPreemptively(Duration.ofSeconds(10), http::close);
    }

    @Test
    void anAnswerLeftUnreturnedByAnInterruptDuringTheWaitIsClosed() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 18411), 50);
        server.setExecutor(threads);
        server.createContext("/", exchange -> {
            byte[] body = new byte[256 * 1024];
            exchange.sendResponseHeaders(503, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        // The caller's thread is interrupted while it waits to retry (the sleeper throws as Thread.sleep would).
        ResilientHttpClient client = ResilientHttpClient.of(http, ResilientHttpConfig.custom()
                .sleeper(d -> { throw new InterruptedException("cancelled by the caller"); }).build());

        assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:18411/x")).build(),
                HttpResponse.BodyHandlers.ofInputStream())).isInstanceOf(InterruptedException.class);
        // The 503 the caller never got was closed, so its exchange ended: close() waits for every exchange.
        assertTimeoutPreemptively(Duration.ofSeconds(10), http::close);
    }
}
