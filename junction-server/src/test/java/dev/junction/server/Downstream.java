package dev.junction.server;

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
import java.util.function.Function;

/** A real HTTP receiver for tests: records every request and answers as the test scripts it. */
public final class Downstream implements AutoCloseable {

    /** One received request. */
    public record Received(Map<String, List<String>> headers, byte[] body) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** What to answer: status, optional Retry-After, optional delay before answering. */
    public record Reply(int status, String retryAfter, long delayMillis) {
        public static Reply ok() { return new Reply(200, null, 0); }
        public static Reply status(int status) { return new Reply(status, null, 0); }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> triesById = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger arrived = new java.util.concurrent.atomic.AtomicInteger();
    private volatile java.util.function.BiFunction<String, Integer, Reply> script = (body, n) -> Reply.ok();

    public Downstream() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    /** Answers by the try number of each webhook-id (1 = first delivery of that id). */
    public Downstream script(Function<Integer, Reply> script) {
        this.script = (body, n) -> script.apply(n);
        return this;
    }

    /** Answers by the request body and the try number of its webhook-id. */
    public Downstream scriptByBody(java.util.function.BiFunction<String, Integer, Reply> script) {
        this.script = script;
        return this;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    public List<Received> received() {
        return received;
    }

    /** Requests answered 2xx. */
    public List<Received> succeeded() {
        return received.stream().filter(r -> "2".equals(r.header("x-test-answer"))).toList();
    }

    /** Requests that have arrived, answered or not yet (a scripted delay holds the answer back). */
    public int arrived() {
        return arrived.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        arrived.incrementAndGet();
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String id = String.valueOf(exchange.getRequestHeaders().getFirst("webhook-id"));
            int attempt = triesById.merge(id, 1, Integer::sum);
            Reply reply = script.apply(new String(body, StandardCharsets.UTF_8), attempt);
            if (reply.delayMillis() > 0) {
                try {
                    Thread.sleep(reply.delayMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            Map<String, List<String>> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headers.putAll(exchange.getRequestHeaders());
            headers.put("x-test-answer", List.of(String.valueOf(reply.status() / 100)));
            received.add(new Received(headers, body));
            if (reply.retryAfter() != null) exchange.getResponseHeaders().add("Retry-After", reply.retryAfter());
            byte[] text = ("answer " + reply.status()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(reply.status(), text.length);
            exchange.getResponseBody().write(text);
        } catch (IOException e) {
            // The gateway gave up (timeout) before we answered: nothing to do.
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
