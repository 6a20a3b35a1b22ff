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
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A receiver for cluster tests that notices when the same delivery is being sent twice at once: per
 * {@code webhook-id} it counts the requests in progress (from arrival until the answer is written), and
 * records an overlap whenever a second one arrives while another is still in progress. Every request
 * is answered after a short random delay, so sends are in flight when a node is killed; the first try
 * of about one id in ten is answered 500, so retries move between nodes.
 */
public final class OverlapDownstream implements AutoCloseable {

    /** One request answered 2xx: a delivery the receiver processed, whether or not the sender heard the answer. */
    public record Delivered(String webhookId, long arrivedNanos, long answeredNanos) {}

    private final HttpServer server;
    private final long minDelayMillis;
    private final long maxDelayMillis;
    private final Map<String, AtomicInteger> inProgress = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> tries = new ConcurrentHashMap<>();
    private final List<Delivered> delivered = new CopyOnWriteArrayList<>();
    private final List<String> overlaps = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();

    public OverlapDownstream(long minDelayMillis, long maxDelayMillis) throws IOException {
        this.minDelayMillis = minDelayMillis;
        this.maxDelayMillis = maxDelayMillis;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    /** Every request answered 2xx, in the order they were answered. */
    public List<Delivered> delivered() {
        return delivered;
    }

    /** One line per request that arrived while another of the same webhook-id was still in progress. */
    public List<String> overlaps() {
        return overlaps;
    }

    public int requests() {
        return requests.get();
    }

    /** Whether the first try of this id is answered 500 (about one id in ten, fixed per id). */
    public static boolean failsFirstTry(String webhookId) {
        return Math.floorMod(webhookId.hashCode(), 10) == 0;
    }

    private void handle(HttpExchange exchange) throws IOException {
        long arrived = System.nanoTime();
        requests.incrementAndGet();
        String id = String.valueOf(exchange.getRequestHeaders().getFirst("webhook-id"));
        AtomicInteger current = inProgress.computeIfAbsent(id, k -> new AtomicInteger());
        int concurrent = current.incrementAndGet();
        try (exchange) {
            int attempt = tries.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            if (concurrent > 1) {
                overlaps.add(id + " try " + attempt + " arrived while " + (concurrent - 1) + " other send(s) of it were in progress");
            }
            exchange.getRequestBody().readAllBytes();
            try {
                Thread.sleep(ThreadLocalRandom.current().nextLong(minDelayMillis, maxDelayMillis + 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            int status = attempt == 1 && failsFirstTry(id) ? 500 : 200;
            if (status == 200) {
                // Processed: counts as delivered even if the sender is no longer there to hear the answer.
                delivered.add(new Delivered(id, arrived, System.nanoTime()));
            }
            byte[] text = ("answer " + status).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, text.length);
            exchange.getResponseBody().write(text);
        } catch (IOException e) {
            // The sender went away (killed, or timed out) before the answer was written.
        } finally {
            current.decrementAndGet();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
