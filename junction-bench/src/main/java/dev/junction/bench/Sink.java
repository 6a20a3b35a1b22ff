package dev.junction.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The downstream: a JDK HTTP server on 127.0.0.1 that answers at once, 200, or 503 to a random
 * {@code failureRate} share of requests, and records when each webhook-id first arrived successfully
 * ({@link System#nanoTime()}, the same clock as the load generator's).
 */
final class Sink implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final double failureRate;
    private final SplittableRandom seedSource;
    private final Map<String, Long> firstSuccess = new ConcurrentHashMap<>();
    final AtomicLong requests = new AtomicLong();
    final AtomicLong failuresSent = new AtomicLong();
    final AtomicLong successes = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong withoutId = new AtomicLong();
    private final AtomicLong firstRequestNanos = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong lastSuccessNanos = new AtomicLong(Long.MIN_VALUE);

    Sink(double failureRate, long seed) throws IOException {
        this.failureRate = failureRate;
        this.seedSource = new SplittableRandom(seed);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hooks");
    }

    private void handle(HttpExchange exchange) throws IOException {
        long now = System.nanoTime();
        try (exchange; InputStream in = exchange.getRequestBody()) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            requests.incrementAndGet();
            firstRequestNanos.accumulateAndGet(now, Math::min);
            boolean fail;
            synchronized (seedSource) {
                fail = failureRate > 0 && seedSource.nextDouble() < failureRate;
            }
            if (fail) {
                failuresSent.incrementAndGet();
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            if (id == null) {
                withoutId.incrementAndGet();
            } else if (firstSuccess.putIfAbsent(id, now) != null) {
                duplicates.incrementAndGet();
            }
            successes.incrementAndGet();
            lastSuccessNanos.accumulateAndGet(now, Math::max);
            exchange.sendResponseHeaders(200, -1);
        }
    }

    /** When the webhook first arrived with a 200 answer, or null. */
    Long arrivalNanos(String webhookId) {
        return firstSuccess.get(webhookId);
    }

    long delivered() {
        return firstSuccess.size();
    }

    long firstRequestNanos() {
        return firstRequestNanos.get();
    }

    long lastSuccessNanos() {
        return lastSuccessNanos.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
