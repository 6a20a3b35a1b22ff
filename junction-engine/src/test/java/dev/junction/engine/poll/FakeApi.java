package dev.junction.engine.poll;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real paginated JSON API on 127.0.0.1 for poll tests: {@code GET /items?page=N} lists items {@code pageSize} a
 * page, ordered by id, with a Link header to the next page, an ETag when asked to give one (answering 304 to a
 * matching If-None-Match), and {@code updated_since} filtering ({@code >=}). The test changes the items between
 * polls, scripts failures, and reads the requests it got and how many ran at once.
 */
final class FakeApi implements AutoCloseable {

    record Request(String uri, Map<String, String> headers) {}

    private final HttpServer server;
    private final TreeMap<String, String> items = new TreeMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    volatile int pageSize = 3;
    volatile boolean etags = true;
    /** Answered instead of the listing while set: status and Retry-After. */
    volatile int failWith;
    volatile String retryAfter;
    volatile long delayMillis;
    /** Put before the next page's path in the Link header (an absolute link elsewhere); null for a relative one. */
    volatile String linkBase;
    /** Where {@code GET /moved} redirects to, and with which status. */
    volatile String movedTo;
    volatile int movedWith = 301;

    FakeApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/items", this::list);
        server.createContext("/moved", this::moved);
        server.start();
    }

    String url(String pathAndQuery) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery;
    }

    synchronized FakeApi put(String id, String json) {
        items.put(id, json);
        return this;
    }

    synchronized FakeApi remove(String id) {
        items.remove(id);
        return this;
    }

    List<Request> requests() { return requests; }

    int maxInFlight() { return maxInFlight.get(); }

    private void list(HttpExchange exchange) throws IOException {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
            requests.add(new Request(exchange.getRequestURI().toString(), headers));
            if (delayMillis > 0) Thread.sleep(delayMillis); // a slow API, for the cluster test's overlap check only
            if (failWith != 0) {
                if (retryAfter != null) exchange.getResponseHeaders().add("Retry-After", retryAfter);
                exchange.sendResponseHeaders(failWith, -1);
                return;
            }
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            int page = Integer.parseInt(query.getOrDefault("page", "1"));
            String since = query.get("updated_since");
            List<String> selected = new ArrayList<>();
            synchronized (this) {
                for (String json : items.values()) if (since == null || since.isEmpty() || updated(json).compareTo(since) >= 0) selected.add(json);
            }
            int from = (page - 1) * pageSize;
            List<String> shown = selected.subList(Math.min(from, selected.size()), Math.min(from + pageSize, selected.size()));
            String body = "{\"results\":[" + String.join(",", shown) + "]}";
            String etag = "\"" + Integer.toHexString(body.hashCode()) + "-" + page + "\"";
            if (etags) {
                if (etag.equals(headers.get("if-none-match"))) {
                    exchange.sendResponseHeaders(304, -1);
                    return;
                }
                exchange.getResponseHeaders().add("ETag", etag);
            }
            if (from + pageSize < selected.size()) {
                String next = (linkBase == null ? "" : linkBase) + exchange.getRequestURI().getPath() + "?"
                        + (since == null ? "" : "updated_since=" + since + "&") + "page=" + (page + 1);
                exchange.getResponseHeaders().add("Link", "<" + next + ">; rel=\"next\"");
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            inFlight.decrementAndGet();
            exchange.close();
        }
    }

    private void moved(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
            requests.add(new Request(exchange.getRequestURI().toString(), headers));
            exchange.getResponseHeaders().add("Location", movedTo);
            exchange.sendResponseHeaders(movedWith, -1);
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    private static String updated(String json) {
        int at = json.indexOf("\"updated\":\"");
        return at < 0 ? "" : json.substring(at + 11, json.indexOf('"', at + 11));
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw == null) return q;
        for (String part : raw.split("&")) {
            int eq = part.indexOf('=');
            if (eq > 0) q.put(part.substring(0, eq), URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return q;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
