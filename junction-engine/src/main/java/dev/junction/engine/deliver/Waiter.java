package dev.junction.engine.deliver;

import dev.junction.store.ClaimScope;
import dev.junction.store.DeliveryQueue;
import dev.junction.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the claim loop waits, and what is worth waking it for. It sleeps until the next delivery is due
 * or the poll interval passes, whichever is first; new work, a retry due before then, or room freed
 * while it is behind wakes it at once. Wake-ups that cannot change what a claim finds are not made:
 * a finished delivery wakes it only when it is behind, left destinations out, or the delivery was keyed.
 */
final class Waiter {

    private static final Logger log = LoggerFactory.getLogger(Waiter.class);

    private final DeliveryQueue queue;
    private final Clock clock;
    private final Duration pollInterval;
    private final Object signal = new Object();
    /** A wake-up waits to end the next wait; volatile so that a wake-up already pending costs no lock. */
    private volatile boolean signalled;
    /** When the loop means to look again unless woken (clock millis). */
    private volatile long plannedWakeAt;
    /** The last claim found less due work than it had room for: new events may bypass the queue (ADR 0007). */
    private volatile boolean caughtUp;
    /** The last claim left destinations out (guards): a finishing delivery may make room for them. */
    private volatile boolean skippedSome;
    /** When the earliest partial batch waiting in a lane is ready to go (clock millis; ADR 0026). */
    private volatile long nextBatchAt = Long.MAX_VALUE;

    Waiter(DeliveryQueue queue, Clock clock, Duration pollInterval) {
        this.queue = queue;
        this.clock = clock;
        this.pollInterval = pollInterval;
    }

    /** New work may be due: look now instead of at the end of the current wait. */
    void wakeUp() {
        // Already pending: the loop has not yet begun the step that follows it, and that step sees whatever the
        // caller changed before calling. Every finishing delivery may call this: most calls end here, lock-free.
        if (signalled) return;
        synchronized (signal) {
            signalled = true;
            signal.notifyAll();
        }
    }

    /** Whether a wake-up is waiting to end the next wait at once. */
    boolean wakeUpPending() {
        synchronized (signal) {
            return signalled;
        }
    }

    boolean caughtUp() {
        return caughtUp;
    }

    /** Work went back to the queue: the fast path stops until a claim finds the queue drained again. */
    void behind() {
        caughtUp = false;
    }

    /** What a claim found: as much as it had room for ({@code more}), and whether it left destinations out. */
    void claimed(boolean more, boolean skippedAny) {
        caughtUp = !more;
        skippedSome = skippedAny;
    }

    /** No room at all: whatever waits, a finishing delivery must wake the loop. */
    void noRoom() {
        skippedSome = true;
    }

    /** A delivery finished and freed a worker: wake the loop only if that can change what it claims. */
    void deliveryFinished(boolean keyed) {
        if (!caughtUp || skippedSome || keyed) wakeUp();
    }

    /** A retry due before the loop means to look again would otherwise wait for the poll. */
    void retryScheduled(Instant at) {
        if (at.toEpochMilli() < plannedWakeAt) wakeUp();
    }

    /** What the loop's own look at the lanes found: when the next partial batch is ready (or {@link Long#MAX_VALUE}). */
    void batchesReadyAt(long at) {
        nextBatchAt = at;
    }

    /** A partial batch waits in a lane until {@code at}: wake the loop then, if it means to sleep longer. */
    void batchWaiting(long at) {
        if (at < nextBatchAt) nextBatchAt = at;
        if (at < plannedWakeAt) wakeUp();
    }

    /**
     * How long to wait: the poll interval when there is no room ({@code full}: the queue is not asked),
     * else until the next delivery due in {@code scope}, at most the poll interval, and never past the
     * moment a partial batch is ready to go. From now until
     * the wait is planned, a retry recorded meanwhile wakes the loop: it might be missed otherwise.
     */
    long plannedWait(boolean full, ClaimScope scope) {
        long waitMillis = pollInterval.toMillis();
        plannedWakeAt = Long.MAX_VALUE;
        if (!full) {
            try {
                Instant next = queue.nextDueAt(scope).orElse(null);
                if (next != null) waitMillis = Math.min(waitMillis, Math.max(0, Duration.between(clock.instant(), next).toMillis()));
            } catch (StoreException e) {
                log.warn("dispatcher could not read the next due time: {}", e.getMessage());
            }
        }
        long batchAt = nextBatchAt;
        if (batchAt != Long.MAX_VALUE) waitMillis = Math.min(waitMillis, Math.max(0, batchAt - clock.millis()));
        plannedWakeAt = clock.millis() + waitMillis;
        return waitMillis;
    }

    /** Waits up to {@code millis} unless woken (or woken since the last wait). False when interrupted. */
    boolean await(long millis) {
        synchronized (signal) {
            try {
                if (!signalled && millis > 0) signal.wait(millis);
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } finally {
                signalled = false;
            }
        }
    }

    /** Waits {@code d} whatever happened before (after a failure), unless woken meanwhile. False when interrupted. */
    boolean backOff(Duration d) {
        synchronized (signal) {
            try {
                signal.wait(Math.max(1, d.toMillis()));
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
