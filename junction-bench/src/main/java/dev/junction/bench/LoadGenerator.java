package dev.junction.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * Sends Stripe-signed webhooks to one URL on 127.0.0.1, in one of two modes:
 * <ul>
 *   <li><b>closed loop</b> ({@link #closedLoop}): N senders, each sending its next request as soon as the
 *       previous one is answered, for a fixed time: the maximum throughput;</li>
 *   <li><b>open loop</b> ({@link #openLoop}): request i is due at {@code start + i / rate} whatever happened
 *       to the others, and its latency is measured from that <em>intended</em> time, so a stall shows as
 *       latency of every request it delayed (no coordinated omission).</li>
 * </ul>
 * Both stop by themselves: bounded in count and in time (a request times out after 10 s).
 */
final class LoadGenerator implements AutoCloseable {

    /** Told of every 202 with the message id from its body, when the request went out and when the answer was read. */
    interface AckListener {
        void accepted(String messageId, long sentNanos, long ackNanos);

        AckListener NONE = (id, sent, at) -> {};
    }

    /**
     * @param seconds            from the first request until the last answer (or give-up)
     * @param accepted           202 answers
     * @param statuses           answers by HTTP status
     * @param transportErrors    requests that got no HTTP answer (refused, reset, timed out)
     * @param latency            per answered request: closed loop from the send, open loop from the intended send time
     * @param notSent            open loop: requests never sent because the schedule's time ran out (see maxLagMs)
     * @param maxLagMs           open loop: the most a send started after its intended time
     * @param lateSends          open loop: sends that started more than 1 ms after their intended time
     */
    record Result(String mode, int concurrency, double targetRate, double seconds, long sent, long accepted,
                  Map<Integer, Long> statuses, long transportErrors, String firstError, double acceptedPerSecond,
                  Latency latency, long notSent, double maxLagMs, long lateSends) {}

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient client;
    private final URI target;
    private final Payloads payloads;
    private final AtomicLong sequence = new AtomicLong();

    LoadGenerator(URI target, Payloads payloads) {
        if (!"127.0.0.1".equals(target.getHost())) {
            throw new IllegalArgumentException("the load generator only targets 127.0.0.1, not " + target.getHost());
        }
        this.target = target;
        this.payloads = payloads;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Per-run tallies shared by the sending threads. */
    private static final class Tally {
        final ConcurrentHistogram histogram = Latency.histogram();
        final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        final LongAdder sent = new LongAdder();
        final LongAdder accepted = new LongAdder();
        final LongAdder transportErrors = new LongAdder();
        final AtomicReference<String> firstError = new AtomicReference<>();

        Map<Integer, Long> statusCounts() {
            Map<Integer, Long> m = new TreeMap<>();
            statuses.forEach((k, v) -> m.put(k, v.sum()));
            return m;
        }
    }

    /** One request; records its latency from {@code fromNanos}. Never throws. */
    private void sendOne(Tally tally, long fromNanos, AckListener listener) {
        long n = sequence.getAndIncrement();
        byte[] body = payloads.body(n);
        HttpRequest request = HttpRequest.newBuilder(target)
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Stripe-Signature", Payloads.stripeSignature(System.currentTimeMillis() / 1000, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        tally.sent.increment();
        long sentNanos = System.nanoTime();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            long done = System.nanoTime();
            Latency.record(tally.histogram, done - fromNanos);
            int status = response.statusCode();
            tally.statuses.computeIfAbsent(status, k -> new LongAdder()).increment();
            if (status == 202) {
                tally.accepted.increment();
                listener.accepted(messageId(response.body()), sentNanos, done);
            } else if (status >= 300) {
                tally.firstError.compareAndSet(null, "HTTP " + status + ": " + abbreviate(response.body()));
            }
        } catch (IOException e) {
            tally.transportErrors.increment();
            tally.firstError.compareAndSet(null, e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            tally.transportErrors.increment();
        }
    }

    /** The "id" of {@code {"id":"msg_...","status":"accepted"}}; null if absent. */
    static String messageId(String json) {
        int key = json.indexOf("\"id\"");
        if (key < 0) return null;
        int open = json.indexOf('"', json.indexOf(':', key) + 1);
        int close = open < 0 ? -1 : json.indexOf('"', open + 1);
        return close < 0 ? null : json.substring(open + 1, close);
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    /**
     * Max-throughput mode: {@code concurrency} senders, each waiting for its answer before the next
     * request, for {@code duration} or {@code maxRequests} requests in all, whichever comes first.
     */
    Result closedLoop(int concurrency, Duration duration, long maxRequests, AckListener listener) throws InterruptedException {
        Tally tally = new Tally();
        AtomicLong budget = new AtomicLong(maxRequests);
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        List<Thread> senders = new ArrayList<>(concurrency);
        for (int i = 0; i < concurrency; i++) {
            senders.add(Thread.ofVirtual().name("bench-sender-" + i).start(() -> {
                while (System.nanoTime() < deadline && budget.getAndDecrement() > 0) {
                    sendOne(tally, System.nanoTime(), listener);
                }
            }));
        }
        long joinUntil = deadline + REQUEST_TIMEOUT.toNanos() + TimeUnit.SECONDS.toNanos(5);
        for (Thread t : senders) {
            long left = joinUntil - System.nanoTime();
            if (left <= 0 || !t.join(Duration.ofNanos(left))) t.interrupt();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long accepted = tally.accepted.sum();
        return new Result("closed-loop", concurrency, Double.NaN, seconds, tally.sent.sum(), accepted, tally.statusCounts(),
                tally.transportErrors.sum(), tally.firstError.get(), accepted / seconds, Latency.of(tally.histogram), 0, 0, 0);
    }

    /**
     * Fixed-rate mode: {@code rate * duration} requests, request i intended at {@code start + i / rate}.
     * Each is sent on its own virtual thread (at most {@code maxInFlight} outstanding); if that many are
     * outstanding the schedule waits, and the wait counts in the latency of the requests it delays.
     * Sending stops at {@code duration + grace} even if the schedule is not finished (reported as notSent).
     */
    Result openLoop(double rate, Duration duration, int maxInFlight, Duration grace, AckListener listener)
            throws InterruptedException {
        if (!(rate > 0)) throw new IllegalArgumentException("rate must be positive, was " + rate);
        Tally tally = new Tally();
        long count = Math.max(1, (long) Math.floor(rate * duration.toNanos() / 1e9));
        double interval = 1e9 / rate;
        Semaphore inFlight = new Semaphore(maxInFlight);
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5);
        long stopSendingAt = start + duration.toNanos() + grace.toNanos();
        long maxLag = 0;
        long late = 0;
        long notSent = 0;
        for (long i = 0; i < count; i++) {
            long intended = start + (long) (i * interval);
            long now;
            while ((now = System.nanoTime()) < intended) LockSupport.parkNanos(intended - now);
            long wait = stopSendingAt - now;
            if (wait <= 0 || !inFlight.tryAcquire(wait, TimeUnit.NANOSECONDS)) {
                notSent = count - i;
                break;
            }
            long lag = System.nanoTime() - intended;
            maxLag = Math.max(maxLag, lag);
            if (lag > 1_000_000) late++;
            Thread.ofVirtual().start(() -> {
                try {
                    sendOne(tally, intended, listener);
                } finally {
                    inFlight.release();
                }
            });
        }
        // Wait for the answers still outstanding (each times out after REQUEST_TIMEOUT at most).
        inFlight.tryAcquire(maxInFlight, REQUEST_TIMEOUT.toNanos() + TimeUnit.SECONDS.toNanos(5), TimeUnit.NANOSECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        long accepted = tally.accepted.sum();
        return new Result("open-loop", maxInFlight, rate, seconds, tally.sent.sum(), accepted, tally.statusCounts(),
                tally.transportErrors.sum(), tally.firstError.get(), accepted / seconds, Latency.of(tally.histogram),
                notSent, maxLag / 1e6, late);
    }

    @Override
    public void close() {
        client.close();
    }
}
