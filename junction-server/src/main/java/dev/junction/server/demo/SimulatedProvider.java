package dev.junction.server.demo;

import dev.junction.core.verify.StripeSigner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Plays Stripe: sends signed events, some twice (as Stripe does on a lost acknowledgement), some with
 * a wrong signature and some with a stale timestamp, and keeps count of what the gateway answered.
 */
final class SimulatedProvider {

    enum Kind { FRESH, REPEAT, BAD_SIGNATURE, STALE }

    private final HttpClient http = HttpClient.newHttpClient();
    private final String url;
    private final String secret;
    private final Clock clock;
    final AtomicLong sent = new AtomicLong();
    final Map<Integer, AtomicLong> answers = new ConcurrentHashMap<>();
    final Set<String> acceptedIds = ConcurrentHashMap.newKeySet();
    final AtomicLong transportErrors = new AtomicLong();

    SimulatedProvider(String url, String secret, Clock clock) {
        this.url = url;
        this.secret = secret;
        this.clock = clock;
    }

    /** The plan: event n's kind; every 8th event is sent again later, every 50th forged, every 60th stale. */
    static List<Kind> plan(int events) {
        List<Kind> kinds = new ArrayList<>();
        for (int n = 0; n < events; n++) {
            if (n % 50 == 7) kinds.add(Kind.BAD_SIGNATURE);
            else if (n % 60 == 13) kinds.add(Kind.STALE);
            else kinds.add(Kind.FRESH);
        }
        return kinds;
    }

    void sendAll(int events, int concurrency) throws Exception {
        List<Kind> plan = plan(events);
        Semaphore inFlight = new Semaphore(concurrency);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> futures = new ArrayList<>();
            for (int n = 0; n < events; n++) {
                int event = n;
                inFlight.acquire();
                futures.add(pool.submit(() -> {
                    try {
                        send(event, plan.get(event));
                        if (event % 8 == 0 && plan.get(event) == Kind.FRESH) send(event, Kind.REPEAT);
                    } finally {
                        inFlight.release();
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) f.get();
        }
    }

    private void send(int n, Kind kind) {
        String body = """
                {"id":"evt_demo_%06d","object":"event","type":"payment_intent.succeeded","created":%d,\
                "data":{"object":{"id":"pi_demo_%06d","amount":%d,"currency":"eur"}}}""".formatted(
                n, clock.instant().getEpochSecond(), n, 1000 + n);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        long timestamp = clock.instant().getEpochSecond() - (kind == Kind.STALE ? 600 : 0);
        String signingSecret = kind == Kind.BAD_SIGNATURE ? secret + "-forged" : secret;
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .header("Stripe-Signature", StripeSigner.header(signingSecret, timestamp, bytes))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build();
        sent.incrementAndGet();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            answers.computeIfAbsent(response.statusCode(), k -> new AtomicLong()).incrementAndGet();
            if (response.statusCode() == 202) {
                acceptedIds.add(response.body().replaceAll(".*\"id\"\\s*:\\s*\"([^\"]+)\".*", "$1"));
            }
        } catch (Exception e) {
            transportErrors.incrementAndGet();
        }
    }

    long answered(int status) {
        AtomicLong n = answers.get(status);
        return n == null ? 0 : n.get();
    }
}
