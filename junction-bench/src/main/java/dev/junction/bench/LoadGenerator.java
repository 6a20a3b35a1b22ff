package dev.junction.bench;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpMethod;

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
 *
 * <p>Requests go out through Jetty's asynchronous client: no thread waits for an answer. The load
 * generator shares the 2 cores with the gateway and the sink, so every microsecond it spends is taken
 * from what it measures; the JDK's HttpClient, used before, was a quarter of the JVM's CPU samples in
 * the ingest phase (JFR, 2026-11-28).
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

    /** Most connections the client opens, and most requests it queues, to the one target: the options' upper bound on requests in flight. */
    private static final int MAX_CONNECTIONS = 10_000;

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
        this.client = new HttpClient();
        client.setConnectTimeout(5_000);
        client.setFollowRedirects(false);
        // As many connections as requests in flight: a request must never wait in the client for a connection.
        client.setMaxConnectionsPerDestination(MAX_CONNECTIONS);
        client.setMaxRequestsQueuedPerDestination(MAX_CONNECTIONS);
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("could not start the load generator's HTTP client", e);
        }
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

    /**
     * Sends one request without waiting; records its latency from {@code fromNanos} and runs {@code done}
     * once it has an answer or has failed. Never throws.
     */
    private void sendOne(Tally tally, long fromNanos, AckListener listener, Runnable done) {
        long n = sequence.getAndIncrement();
        byte[] body = payloads.body(n);
        String signature = Payloads.stripeSignature(System.currentTimeMillis() / 1000, body);
        tally.sent.increment();
        long sentNanos = System.nanoTime();
        try {
            client.newRequest(target)
                    .method(HttpMethod.POST)
                    .timeout(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .headers(h -> h.put("Stripe-Signature", signature))
                    .body(new BytesRequestContent("application/json", body))
                    .send(new BufferingResponseListener(64 * 1024) {
                        @Override
                        public void onComplete(org.eclipse.jetty.client.Result result) {
                            try {
                                answered(tally, result, getContentAsString(), fromNanos, sentNanos, listener);
                            } finally {
                                done.run();
                            }
                        }
                    });
        } catch (RuntimeException e) {
            tally.transportErrors.increment();
            tally.firstError.compareAndSet(null, e.getClass().getSimpleName() + ": " + e.getMessage());
            done.run();
        }
    }

    private static void answered(Tally tally, org.eclipse.jetty.client.Result result, String body, long fromNanos, long sentNanos, AckListener listener) {
        long now = System.nanoTime();
        if (result.isFailed()) {
            tally.transportErrors.increment();
            Throwable e = result.getFailure();
            tally.firstError.compareAndSet(null, e.getClass().getSimpleName() + ": " + e.getMessage());
            return;
        }
        Latency.record(tally.histogram, now - fromNanos);
        int status = result.getResponse().getStatus();
        tally.statuses.computeIfAbsent(status, k -> new LongAdder()).increment();
        if (status == 202) {
            tally.accepted.increment();
            listener.accepted(messageId(body), sentNanos, now);
        } else if (status >= 300) {
            tally.firstError.compareAndSet(null, "HTTP " + status + ": " + abbreviate(body));
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
     * Max-throughput mode: {@code concurrency} senders, each sending its next request when its previous
     * one is answered, for {@code duration} or {@code maxRequests} requests in all, whichever comes first.
     */
    Result closedLoop(int concurrency, Duration duration, long maxRequests, AckListener listener) throws InterruptedException {
        Tally tally = new Tally();
        AtomicLong budget = new AtomicLong(maxRequests);
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        CountDownLatch sendersDone = new CountDownLatch(concurrency);
        for (int i = 0; i < concurrency; i++) {
            new Runnable() {
                @Override
                public void run() {
                    if (System.nanoTime() < deadline && budget.getAndDecrement() > 0) {
                        sendOne(tally, System.nanoTime(), listener, this);
                    } else {
                        sendersDone.countDown();
                    }
                }
            }.run();
        }
        sendersDone.await(duration.toNanos() + REQUEST_TIMEOUT.toNanos() + TimeUnit.SECONDS.toNanos(5), TimeUnit.NANOSECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        long accepted = tally.accepted.sum();
        return new Result("closed-loop", concurrency, Double.NaN, seconds, tally.sent.sum(), accepted, tally.statusCounts(),
                tally.transportErrors.sum(), tally.firstError.get(), accepted / seconds, Latency.of(tally.histogram), 0, 0, 0);
    }

    /**
     * Fixed-rate mode: {@code rate * duration} requests, request i intended at {@code start + i / rate}.
     * Each is sent at its time without waiting for the others (at most {@code maxInFlight} outstanding); if that many are
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
            sendOne(tally, intended, listener, inFlight::release);
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
        try {
            client.stop();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop the load generator's HTTP client", e);
        }
    }
}
