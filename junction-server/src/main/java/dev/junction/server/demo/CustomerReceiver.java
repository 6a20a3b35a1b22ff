package dev.junction.server.demo;

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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;

/**
 * A customer's webhook receiver in the outbound demo: it verifies every delivery the Standard Webhooks way
 * with the key it holds now (which it can switch, as a customer does during a rotation), answers 503 when
 * told to fail, and remembers each message it took once (by webhook-id).
 */
final class CustomerReceiver implements AutoCloseable {

    private final HttpServer server;
    private final Clock clock;
    private final IntPredicate failRequest;
    private final AtomicInteger requests = new AtomicInteger();
    final AtomicInteger badSignatures = new AtomicInteger();
    final AtomicInteger refusedOnPurpose = new AtomicInteger();
    final Set<String> delivered = ConcurrentHashMap.newKeySet();
    private volatile Verifier verifier;

    /** @param failRequest given the request's number (1, 2, ...), whether to answer 503 */
    CustomerReceiver(Clock clock, IntPredicate failRequest) throws IOException {
        this.clock = clock;
        this.failRequest = failRequest;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks";
    }

    /** The key this customer verifies with from now on. */
    void useSecret(String secret) {
        verifier = SignatureSchemes.create(new VerifySpec("standard-webhooks", List.of(secret), VerifySpec.DEFAULT_TOLERANCE, null));
    }

    int requests() {
        return requests.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int n = requests.incrementAndGet();
            WebhookRequest request = new WebhookRequest(Map.copyOf(exchange.getRequestHeaders()), body);
            if (verifier == null || !(verifier.verify(request, clock.instant()) instanceof Verification.Valid)) {
                badSignatures.incrementAndGet();
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            if (failRequest.test(n)) {
                refusedOnPurpose.incrementAndGet();
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            request.header("webhook-id").ifPresent(delivered::add);
            exchange.sendResponseHeaders(204, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
