package dev.junction.client.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on 127.0.0.1 that answers from a script, then with the fallback: each answer a status, headers
 * and, optionally, a hang until the test ends. It records every request's method and headers.
 */
final class FlakyServer implements AutoCloseable {

    /** One scripted answer. */
    record Answer(int status, Map<String, String> headers, boolean hang, boolean hangInBody) {
        static Answer status(int status) {
            return new Answer(status, Map.of(), false, false);
        }

        static Answer status(int status, String header, String value) {
            return new Answer(status, Map.of(header, value), false, false);
        }

        static Answer hanging() {
            return new Answer(200, Map.of(), true, false);
        }

        /** 200 and its headers at once, then one byte of the body, then nothing until the test ends. */
        static Answer hangingInTheBody() {
            return new Answer(200, Map.of(), false, true);
        }
    }

    /** What arrived. */
    record Received(String method, Map<String, List<String>> headers) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private final HttpServer server;
    private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile Answer fallback = Answer.status(200);

    FlakyServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::answer);
        server.start();
    }

    FlakyServer then(Answer... answers) {
        script.addAll(List.of(answers));
        return this;
    }

    FlakyServer otherwise(Answer answer) {
        fallback = answer;
        return this;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    List<Received> received() {
        return received;
    }

    private void answer(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        received.add(new Received(exchange.getRequestMethod(), Map.copyOf(exchange.getRequestHeaders())));
        Answer answer = script.poll();
        if (answer == null) answer = fallback;
        if (answer.hang()) {
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        answer.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        if (answer.hangInBody()) {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write('{');
                out.flush();
                closed.await();
            } catch (InterruptedException | IOException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        byte[] body = ("answer " + answer.status()).getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(answer.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
    }
}
