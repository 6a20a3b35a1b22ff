package dev.junction.bench;

import java.net.URI;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * The downstream: a Jetty server on 127.0.0.1 that answers at once, 200, or 503 to a random
 * {@code failureRate} share of requests, and records when each webhook-id first arrived successfully
 * ({@link System#nanoTime()}, the same clock as the load generator's). It is a non-blocking Jetty
 * handler because the sink shares the machine with the gateway: the JDK's HttpServer, used before,
 * took about a sixth of the JVM's CPU in the ingest phase (a JFR profile, 2026-11-28).
 */
final class Sink implements AutoCloseable {

    private final Server server;
    private final ServerConnector connector;
    private final double failureRate;
    private final SplittableRandom seedSource;
    private final Map<String, Long> firstSuccess = new ConcurrentHashMap<>();
    final AtomicLong requests = new AtomicLong();
    final AtomicLong failuresSent = new AtomicLong();
    final AtomicLong successes = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong withoutId = new AtomicLong();
    /** Lines (NDJSON items) received in successful requests, when the sink counts them. */
    final AtomicLong lines = new AtomicLong();
    private volatile boolean countLines;
    private final AtomicLong firstRequestNanos = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong lastSuccessNanos = new AtomicLong(Long.MIN_VALUE);

    Sink(double failureRate, long seed) throws Exception {
        this(failureRate, seed, "webhook-id");
    }

    /** A sink that tells requests apart by the header {@code idHeader} (e.g. {@code Idempotency-Key} for the outbox relay). */
    Sink(double failureRate, long seed, String idHeader) throws Exception {
        this.failureRate = failureRate;
        this.seedSource = new SplittableRandom(seed);
        this.server = new Server();
        this.connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        connector.setAcceptQueueSize(1024);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                long now = System.nanoTime();
                String id = request.getHeaders().get(idHeader);
                if (countLines) {
                    // A bulk receiver: the body is read to count its NDJSON items (batched deliveries).
                    Content.Source.asByteBufferAsync(request).whenComplete((body, failure) -> {
                        if (failure != null) {
                            callback.failed(failure);
                            return;
                        }
                        int status = answer(now, id);
                        if (status == 200) lines.addAndGet(newlines(body));
                        response.setStatus(status);
                        callback.succeeded();
                    });
                    return true;
                }
                // Read the body to its end (as a receiver would) before answering; the connection stays open.
                Content.Source.consumeAll(request, Callback.from(() -> {
                    response.setStatus(answer(now, id));
                    callback.succeeded();
                }, callback::failed));
                return true;
            }
        });
        server.start();
    }

    /** From now on, reads each body and counts its lines (the items of an NDJSON batch) in {@link #lines}. */
    Sink countingLines() {
        countLines = true;
        return this;
    }

    private static long newlines(java.nio.ByteBuffer body) {
        long n = 0;
        while (body.hasRemaining()) if (body.get() == '\n') n++;
        return n;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/hooks");
    }

    /** Counts one request that arrived at {@code now} and decides its status. */
    private int answer(long now, String id) {
        requests.incrementAndGet();
        firstRequestNanos.accumulateAndGet(now, Math::min);
        boolean fail;
        synchronized (seedSource) {
            fail = failureRate > 0 && seedSource.nextDouble() < failureRate;
        }
        if (fail) {
            failuresSent.incrementAndGet();
            return 503;
        }
        if (id == null) {
            withoutId.incrementAndGet();
        } else if (firstSuccess.putIfAbsent(id, now) != null) {
            duplicates.incrementAndGet();
        }
        successes.incrementAndGet();
        lastSuccessNanos.accumulateAndGet(now, Math::max);
        return 200;
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
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop the sink", e);
        }
    }
}
