package dev.junction.server.demo.crm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.junction.core.config.VerifySpec;
import dev.junction.core.verify.SignatureSchemes;
import dev.junction.core.verify.Verification;
import dev.junction.core.verify.Verifier;
import dev.junction.core.verify.WebhookRequest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook receiver for the simulator's tests: it verifies every request with Junction's own
 * standard-webhooks verifier (401 when that fails), answers 503 to the first {@code failFirst} verified
 * requests, and keeps the events it accepted.
 */
final class WebhookInbox implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Received(Map<String, List<String>> headers, byte[] body, JsonNode event) {}

    private final HttpServer server;
    private final Verifier verifier;
    private final Clock clock;
    final List<Received> accepted = new CopyOnWriteArrayList<>();
    final AtomicInteger badSignatures = new AtomicInteger();
    final AtomicInteger requests = new AtomicInteger();
    volatile int failFirst;
    /** How long each request is held before it is answered; with it, {@link #mostAtOnce} shows how many senders overlap. */
    volatile long holdMillis;
    private final AtomicInteger atOnce = new AtomicInteger();
    final AtomicInteger mostAtOnce = new AtomicInteger();

    WebhookInbox(String secret, Clock clock) throws IOException {
        this.verifier = SignatureSchemes.create(new VerifySpec("standard-webhooks", List.of(secret), null, null));
        this.clock = clock;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    List<JsonNode> events() {
        return accepted.stream().map(Received::event).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int n = requests.incrementAndGet();
            Map<String, List<String>> headers = Map.copyOf(exchange.getRequestHeaders());
            if (!(verifier.verify(new WebhookRequest(headers, body), clock.instant()) instanceof Verification.Valid)) {
                badSignatures.incrementAndGet();
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            if (n <= failFirst) {
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            mostAtOnce.accumulateAndGet(atOnce.incrementAndGet(), Math::max);
            try {
                if (holdMillis > 0) Thread.sleep(holdMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                atOnce.decrementAndGet();
            }
            accepted.add(new Received(headers, body, JSON.readTree(body)));
            exchange.sendResponseHeaders(204, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
