package dev.junction.server.poll;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real JSON API on 127.0.0.1 that polled sources read: {@code GET /items?page=N}, two items a page, ordered by
 * id, a {@code next_page} field until the last page. It records how many requests ran at once (at most one poller
 * per source) and how many there were.
 */
final class ItemsApi implements AutoCloseable {

    private final HttpServer server;
    private final TreeMap<String, String> items = new TreeMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> authorizations = new java.util.concurrent.CopyOnWriteArrayList<>();
    volatile long delayMillis;

    ItemsApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/items", this::list);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/items";
    }

    synchronized ItemsApi put(String id, String json) {
        items.put(id, json);
        return this;
    }

    int maxInFlight() { return maxInFlight.get(); }

    int requests() { return requests.get(); }

    List<String> authorizations() { return authorizations; }

    private void list(HttpExchange exchange) throws IOException {
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        requests.incrementAndGet();
        try {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            if (delayMillis > 0) Thread.sleep(delayMillis); // widens the window in which two pollers would overlap
            String query = exchange.getRequestURI().getQuery();
            int page = query != null && query.startsWith("page=") ? Integer.parseInt(query.substring(5)) : 1;
            List<String> all;
            synchronized (this) {
                all = new ArrayList<>(items.values());
            }
            List<String> shown = all.subList(Math.min((page - 1) * 2, all.size()), Math.min(page * 2, all.size()));
            String next = page * 2 < all.size() ? String.valueOf(page + 1) : null;
            byte[] body = ("{\"data\":[" + String.join(",", shown) + "],\"next_page\":" + (next == null ? "null" : "\"" + next + "\"") + "}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            inFlight.decrementAndGet();
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
