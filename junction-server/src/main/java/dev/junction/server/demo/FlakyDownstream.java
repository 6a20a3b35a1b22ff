package dev.junction.server.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.junction.core.config.VerifySpec;
import dev.junction.core.verify.SignatureSchemes;
import dev.junction.core.verify.Verifier;
import dev.junction.core.verify.WebhookRequest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo's downstream: it checks each delivery's Standard Webhooks signature, then fails on purpose
 * by the event's number: transiently (500, a response slower than the timeout, 429 with Retry-After)
 * or, until healed, permanently (422) or for good (503 on every try).
 */
final class FlakyDownstream implements AutoCloseable {

    private static final Pattern EVENT_NUMBER = Pattern.compile("\"id\"\\s*:\\s*\"evt_demo_(\\d+)\"");

    private final HttpServer server;
    private final Verifier verifier;
    private final Clock clock;
    private final Duration slowerThanTimeout;
    private final Map<String, AtomicInteger> triesByWebhookId = new ConcurrentHashMap<>();
    private final Set<String> delivered = ConcurrentHashMap.newKeySet();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong duplicateDeliveries = new AtomicLong();
    private final AtomicLong badSignatures = new AtomicLong();
    private volatile boolean healed;

    FlakyDownstream(String secret, Clock clock, Duration slowerThanTimeout) throws IOException {
        this.verifier = SignatureSchemes.create(new VerifySpec("standard-webhooks", List.of(secret), null, null));
        this.clock = clock;
        this.slowerThanTimeout = slowerThanTimeout;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/hooks", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    void heal() { healed = true; }

    Set<String> delivered() { return delivered; }
    long received() { return received.get(); }
    long duplicateDeliveries() { return duplicateDeliveries.get(); }
    long badSignatures() { return badSignatures.get(); }

    /** How the downstream treats event {@code n}; the demo's report explains it with the same rules. */
    static Behaviour behaviourOf(int n) {
        if (n % 40 == 5) return Behaviour.ALWAYS_503;
        if (n % 25 == 4) return Behaviour.PERMANENT_422;
        if (n % 17 == 3) return Behaviour.SLOW_ONCE;
        if (n % 10 == 2) return Behaviour.RATE_LIMITED_ONCE;
        if (n % 10 == 1) return Behaviour.ERROR_500_TWICE;
        return Behaviour.OK;
    }

    enum Behaviour { OK, ERROR_500_TWICE, RATE_LIMITED_ONCE, SLOW_ONCE, PERMANENT_422, ALWAYS_503 }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            received.incrementAndGet();
            byte[] body = exchange.getRequestBody().readAllBytes();
            WebhookRequest request = new WebhookRequest(exchange.getRequestHeaders(), body);
            if (!verifier.verify(request, clock.instant()).isValid()) {
                badSignatures.incrementAndGet();
                respond(exchange, 401, null);
                return;
            }
            String webhookId = request.header("webhook-id").orElse("?");
            int attempt = triesByWebhookId.computeIfAbsent(webhookId, k -> new AtomicInteger()).incrementAndGet();
            Matcher m = EVENT_NUMBER.matcher(new String(body, StandardCharsets.UTF_8));
            Behaviour behaviour = healed || !m.find() ? Behaviour.OK : behaviourOf(Integer.parseInt(m.group(1)));
            switch (behaviour) {
                case ERROR_500_TWICE -> { if (attempt <= 2) { respond(exchange, 500, null); return; } }
                case RATE_LIMITED_ONCE -> { if (attempt == 1) { respond(exchange, 429, "1"); return; } }
                case SLOW_ONCE -> {
                    if (attempt == 1) {
                        sleep(slowerThanTimeout);
                        respond(exchange, 200, null);
                        return; // the gateway has timed out by now: this answer is never seen
                    }
                }
                case PERMANENT_422 -> { respond(exchange, 422, null); return; }
                case ALWAYS_503 -> { respond(exchange, 503, null); return; }
                case OK -> { }
            }
            if (!delivered.add(webhookId)) duplicateDeliveries.incrementAndGet();
            respond(exchange, 200, null);
        }
    }

    private static void respond(HttpExchange exchange, int status, String retryAfter) throws IOException {
        if (retryAfter != null) exchange.getResponseHeaders().add("Retry-After", retryAfter);
        byte[] text = (status < 300 ? "ok" : "demo failure " + status).getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, text.length);
        exchange.getResponseBody().write(text);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
