package dev.junction.engine.loop;

import dev.junction.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread behind each of the engine's schedulers (polls, reconciliations, synthetic probes, retention): it runs
 * a {@link Step} when it is due, waits until the time the step named (or until {@link #wake()}), and runs it again,
 * until {@link #close()}. A step that throws is logged by its class only (a message from below may carry a secret)
 * and tried again after {@code retryAfter}: one failure never ends the loop. The schedulers' own logic stays in their
 * {@code step()} methods, which tests call directly with a manual clock; this class holds only the waiting.
 */
public final class StepLoop implements AutoCloseable {

    /** One pass of a scheduler. */
    @FunctionalInterface
    public interface Step {
        /** Does what is due; returns when the next pass is due, or null when nothing is scheduled. */
        Instant run() throws InterruptedException;
    }

    private static final Logger log = LoggerFactory.getLogger(StepLoop.class);
    /**
     * The longest single wait: the loop looks at the clock at least this often, so a due time is met even when the
     * clock was moved (tests, a corrected system clock) rather than waited out.
     */
    static final Duration MAX_WAIT = Duration.ofSeconds(1);

    private final String name;
    private final Clock clock;
    private final Step step;
    private final Duration idle;
    private final Duration retryAfter;
    private final Object signal = new Object();
    private boolean woken;
    private volatile boolean stopped;
    private final Thread thread;

    private StepLoop(String name, Clock clock, Duration idle, Duration retryAfter, Step step) {
        this.name = name;
        this.clock = clock;
        this.idle = idle;
        this.retryAfter = retryAfter;
        this.step = step;
        this.thread = Thread.ofPlatform().name(name).daemon(true).unstarted(this::loop);
    }

    /**
     * Starts a loop on its own daemon thread named {@code name}. It runs the step at once, then as the step says;
     * with nothing scheduled (null) it looks again after {@code idle}; after a failure, after {@code retryAfter}.
     */
    public static StepLoop start(String name, Clock clock, Duration idle, Duration retryAfter, Step step) {
        StepLoop loop = new StepLoop(name, clock, idle, retryAfter, step);
        loop.thread.start();
        return loop;
    }

    /** Runs the step again now rather than at its due time (new work, or a pass that finished elsewhere). */
    public void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    private void loop() {
        Instant due = clock.instant();
        while (!stopped) {
            try {
                if (takeWake() || !clock.instant().isBefore(due)) due = pass();
                waitUntil(due);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private Instant pass() throws InterruptedException {
        try {
            Instant next = step.run();
            return next != null ? next : clock.instant().plus(idle);
        } catch (RuntimeException e) {
            // A store error's message is written to be safe (operation, SQL state); anything else is named by its class only.
            log.warn("{}: a pass failed, trying again in {}: {}", name, retryAfter,
                    e instanceof StoreException ? e.getMessage() : e.getClass().getName());
            return clock.instant().plus(retryAfter);
        }
    }

    private boolean takeWake() {
        synchronized (signal) {
            boolean w = woken;
            woken = false;
            return w;
        }
    }

    private void waitUntil(Instant due) throws InterruptedException {
        long millis = Math.min(MAX_WAIT.toMillis(), Duration.between(clock.instant(), due).toMillis());
        synchronized (signal) {
            if (!stopped && !woken && millis > 0) signal.wait(millis);
        }
    }

    /** Stops the loop: interrupts a pass under way and waits up to 5 s for it to end. */
    @Override
    public void close() {
        stopped = true;
        wake();
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
