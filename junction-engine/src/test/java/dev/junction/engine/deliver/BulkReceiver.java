package dev.junction.engine.deliver;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/** A bulk API on 127.0.0.1: records each request (its headers and body) and answers as the test says. */
final class BulkReceiver implements AutoCloseable {

    /** One request as the receiver saw it. */
    record Request(String webhookId, String contentType, String body) {}

    /** An answer: status and JSON body. */
    record Answer(int status, String body) {}

    final List<Request> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private volatile Function<Request, Answer> answers = r -> new Answer(200, "{}");

    BulkReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/bulk", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                Request request = new Request(exchange.getRequestHeaders().getFirst("webhook-id"),
                        exchange.getRequestHeaders().getFirst("Content-Type"), new String(in.readAllBytes(), StandardCharsets.UTF_8));
                requests.add(request);
                Answer answer = answers.apply(request);
                byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
                if (body.length > 0) exchange.getResponseBody().write(body);
            }
        });
        server.start();
    }

    void answer(Function<Request, Answer> answers) {
        this.answers = answers;
    }

    void answer(int status, String body) {
        answer(r -> new Answer(status, body));
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/bulk");
    }

    /** The bodies received, in order. */
    List<String> bodies() {
        return requests.stream().map(Request::body).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
