package dev.junction.server.transform;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** An API to enrich from, on a real socket: {@code GET /customers/{id}} answers the customer's JSON, 404, or a scripted 503. */
final class CustomerApi implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, String> customers;
    /** Raw request paths, as they arrived (encoding kept). */
    private final List<String> paths = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> failFirst = new ConcurrentHashMap<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    CustomerApi(Map<String, String> customers) throws IOException {
        this.customers = customers;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    /** The next {@code times} requests for {@code id} get 503. */
    CustomerApi unavailable(String id, int times) {
        failFirst.put(id, new AtomicInteger(times));
        return this;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<String> paths() {
        return paths;
    }

    /** The Authorization header of each request ("null" when it had none). */
    List<String> authorizations() {
        return authorizations;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        paths.add(path);
        authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
        String id = path.startsWith("/customers/") ? path.substring("/customers/".length()) : "";
        AtomicInteger failures = failFirst.get(id);
        String customer = customers.get(id);
        int status = failures != null && failures.getAndDecrement() > 0 ? 503 : customer == null ? 404 : 200;
        byte[] body = (status == 200 ? customer : "{\"error\":\"" + status + "\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
