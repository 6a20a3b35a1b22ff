package dev.junction.engine.deliver;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last guard on the HTTP exchanges in flight. Jetty's request timeout ends every exchange; this ends one whose end
 * never came (a lost callback), for all exchanges at once, by one sweep a second. It replaces a timed wait in each
 * exchange: on a virtual thread every timed wait scheduled a timeout task of its own and cancelled it again, which
 * took 5.6% of the gateway's CPU samples under wrk (ADR 0039). Deadlines are in the JVM's monotonic time, like the waits
 * they replace: the guard is about time that really passed, not about the engine's clock.
 */
final class ExchangeWatch implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ExchangeWatch.class);

    /** An exchange under watch: told once, when its deadline has passed, how late it is. */
    interface Watched {
        void overdue(Duration late);
    }

    static final Duration SWEEP_EVERY = Duration.ofSeconds(1);

    private final LongSupplier nanoTime;
    /** Each watched exchange's deadline, in {@link #nanoTime}'s terms. */
    private final Map<Watched, Long> deadlines = new ConcurrentHashMap<>();
    private ScheduledExecutorService sweeper;
    private boolean closed;

    ExchangeWatch() {
        this(System::nanoTime);
    }

    /** @param nanoTime the monotonic time the deadlines are in (a test's own) */
    ExchangeWatch(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** Watches {@code exchange} (by identity) until {@link #done}. */
    void watch(Watched exchange, Duration within) {
        deadlines.put(exchange, nanoTime.getAsLong() + within.toNanos());
    }

    void done(Watched exchange) {
        deadlines.remove(exchange);
    }

    /** Tells every exchange past its deadline so, once, and stops watching it; returns how many. */
    int sweep() {
        long now = nanoTime.getAsLong();
        int ended = 0;
        for (Map.Entry<Watched, Long> e : deadlines.entrySet()) {
            long late = now - e.getValue();
            // Removed first: an exchange that ended meanwhile is not told, and none is told twice.
            if (late > 0 && deadlines.remove(e.getKey(), e.getValue())) {
                e.getKey().overdue(Duration.ofNanos(late));
                ended++;
            }
        }
        return ended;
    }

    int watched() {
        return deadlines.size();
    }

    /** Sweeps every {@link #SWEEP_EVERY} from now on a thread of its own, until closed. */
    synchronized void startSweeping() {
        if (sweeper != null || closed) return;
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().name("junction-http-watch").daemon(true).unstarted(r));
        s.scheduleWithFixedDelay(this::sweepLogged, SWEEP_EVERY.toMillis(), SWEEP_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        sweeper = s;
    }

    private void sweepLogged() {
        try {
            int ended = sweep();
            if (ended > 0) log.warn("ended {} HTTP exchange(s) whose end never came after their timeout", ended);
        } catch (RuntimeException e) {
            // A failed sweep must not end the schedule; the next one tries again.
            log.warn("sweep of HTTP exchanges failed: {}", e.getClass().getName());
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (sweeper != null) sweeper.shutdownNow();
    }
}
