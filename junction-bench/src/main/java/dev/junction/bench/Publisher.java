package dev.junction.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpMethod;

/**
 * Publishes outbound messages to a gateway on 127.0.0.1 in a closed loop: N senders, each publishing its next
 * message ({@code POST /api/v1/apps/{app}/messages}, the applications taken in turn) as soon as the previous one
 * is answered. Asynchronous, through Jetty's client, as the {@link LoadGenerator} and for the same reason.
 */
final class Publisher implements AutoCloseable {

    static final String EVENT_TYPE = "bench.event";
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    /** @param deliveries the fan-out the 202 answers announced, summed */
    record Result(LoadGenerator.Result load, long deliveries) {}

    private final HttpClient client = new HttpClient();
    private final int port;
    private final String adminKey;
    private final Payloads payloads;
    private final AtomicLong sequence = new AtomicLong();

    Publisher(int port, String adminKey, Payloads payloads) {
        this.port = port;
        this.adminKey = adminKey;
        this.payloads = payloads;
        client.setConnectTimeout(5_000);
        client.setFollowRedirects(false);
        client.setMaxConnectionsPerDestination(1024);
        client.setMaxRequestsQueuedPerDestination(1024);
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("could not start the publisher's HTTP client", e);
        }
    }

    /** {@code concurrency} senders for {@code duration}, publishing to {@code apps} in turn. */
    Result closedLoop(int concurrency, Duration duration, List<String> apps) throws InterruptedException {
        ConcurrentHistogram histogram = Latency.histogram();
        LongAdder sent = new LongAdder(), accepted = new LongAdder(), errors = new LongAdder(), deliveries = new LongAdder();
        java.util.Map<Integer, LongAdder> statuses = new java.util.concurrent.ConcurrentHashMap<>();
        AtomicReference<String> firstError = new AtomicReference<>();
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        CountDownLatch done = new CountDownLatch(concurrency);
        for (int i = 0; i < concurrency; i++) {
            new Runnable() {
                @Override
                public void run() {
                    if (System.nanoTime() >= deadline) {
                        done.countDown();
                        return;
                    }
                    long n = sequence.getAndIncrement();
                    String app = apps.get((int) (n % apps.size()));
                    sent.increment();
                    long sentAt = System.nanoTime();
                    Runnable next = this;
                    client.newRequest(URI.create("http://127.0.0.1:" + port + "/api/v1/apps/" + app + "/messages"))
                            .method(HttpMethod.POST)
                            .timeout(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                            .headers(h -> h.put("Authorization", "Bearer " + adminKey))
                            .body(new BytesRequestContent("application/json", body(n)))
                            .send(new BufferingResponseListener(64 * 1024) {
                                @Override
                                public void onComplete(org.eclipse.jetty.client.Result result) {
                                    if (result.isFailed()) {
                                        errors.increment();
                                        firstError.compareAndSet(null, String.valueOf(result.getFailure()));
                                    } else {
                                        Latency.record(histogram, System.nanoTime() - sentAt);
                                        int status = result.getResponse().getStatus();
                                        statuses.computeIfAbsent(status, k -> new LongAdder()).increment();
                                        if (status == 202) {
                                            accepted.increment();
                                            deliveries.add(fanOut(getContentAsString()));
                                        } else {
                                            firstError.compareAndSet(null, "HTTP " + status + ": " + getContentAsString());
                                        }
                                    }
                                    next.run();
                                }
                            });
                }
            }.run();
        }
        done.await(duration.toNanos() + REQUEST_TIMEOUT.toNanos() + TimeUnit.SECONDS.toNanos(5), TimeUnit.NANOSECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        java.util.Map<Integer, Long> counts = new java.util.TreeMap<>();
        statuses.forEach((k, v) -> counts.put(k, v.sum()));
        LoadGenerator.Result load = new LoadGenerator.Result("closed-loop publish", concurrency, Double.NaN, seconds, sent.sum(),
                accepted.sum(), counts, errors.sum(), firstError.get(), accepted.sum() / seconds, Latency.of(histogram), 0, 0, 0);
        return new Result(load, deliveries.sum());
    }

    /** A publish body: the load generator's 1 KiB event as the payload. */
    private byte[] body(long n) {
        String payload = new String(payloads.body(n), StandardCharsets.UTF_8);
        return ("{\"event_type\":\"" + EVENT_TYPE + "\",\"payload\":" + payload + "}").getBytes(StandardCharsets.UTF_8);
    }

    /** The "deliveries" of {@code {"id":"msg_...","eventType":"...","deliveries":10}}; 0 if absent. */
    static long fanOut(String json) {
        int key = json.indexOf("\"deliveries\":");
        if (key < 0) return 0;
        int from = key + "\"deliveries\":".length(), to = from;
        while (to < json.length() && Character.isDigit(json.charAt(to))) to++;
        return to > from ? Long.parseLong(json.substring(from, to)) : 0;
    }

    @Override
    public void close() {
        try {
            client.stop();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop the publisher's HTTP client", e);
        }
    }
}
