package dev.junction.server.drill;

import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A receiver on loopback that verifies each request's Standard Webhooks signature (with the library made for it,
 * not Junction's code) and answers as one of the habits a drill must tell apart. It counts what it processed.
 */
final class Receiver implements AutoCloseable {

    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    /** How it answers a correctly signed event. */
    enum Habit { GOOD, SLOW, NOT_IDEMPOTENT, FLAKY }

    private final HttpServer server;
    private final Habit habit;
    private final Webhook verifier;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final AtomicInteger processed = new AtomicInteger();
    private final AtomicInteger badSignatures = new AtomicInteger();
    private final Random random = new Random(18);

    Receiver(Habit habit) throws Exception {
        this.habit = habit;
        this.verifier = new Webhook(SECRET);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/hooks", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    /** How many events it processed (a duplicate processed again counts again). */
    int processed() {
        return processed.get();
    }

    int badSignatures() {
        return badSignatures.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String id = exchange.getRequestHeaders().getFirst("webhook-id");
        int status;
        try {
            verifier.verify(body, new java.util.HashMap<>(Map.of(
                    "webhook-id", List.of(id),
                    "webhook-timestamp", List.of(exchange.getRequestHeaders().getFirst("webhook-timestamp")),
                    "webhook-signature", List.of(exchange.getRequestHeaders().getFirst("webhook-signature")))));
            status = answer(id);
        } catch (Exception e) {
            badSignatures.incrementAndGet();
            status = 401;
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private int answer(String id) {
        switch (habit) {
            case GOOD -> {
                if (seen.add(id)) processed.incrementAndGet();
                return 200;
            }
            case SLOW -> {
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (seen.add(id)) processed.incrementAndGet();
                return 200;
            }
            case NOT_IDEMPOTENT -> {
                // Check, then act, then refuse what it has seen: the mistake drill is for.
                if (seen.contains(id)) return 409;
                processed.incrementAndGet();
                seen.add(id);
                return 201;
            }
            case FLAKY -> {
                boolean fails;
                synchronized (random) {
                    fails = random.nextInt(4) == 0;
                }
                if (fails) return 503;
                if (seen.add(id)) processed.incrementAndGet();
                return 200;
            }
        }
        throw new IllegalStateException(habit.name());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
