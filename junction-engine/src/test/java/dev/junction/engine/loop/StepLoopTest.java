package dev.junction.engine.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The schedulers' loop, on a clock the test moves: a pass runs at start, on {@link StepLoop#wake()}, and when the
 * clock reaches the time the step named, never before; a pass that throws does not end the loop; close ends the
 * thread. Each wait for a pass is bounded (10 s) so a broken loop fails the test instead of hanging it; nothing
 * asserts how long anything took.
 */
class StepLoopTest {

    private static final Duration LATER = Duration.ofHours(1);

    /** A clock the test moves; read from the loop's thread. */
    static final class MovedClock extends Clock {
        private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-01T00:00:00Z"));

        void advance(Duration d) { now.updateAndGet(t -> t.plus(d)); }

        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now.get(); }
    }

    private final MovedClock clock = new MovedClock();
    private final BlockingQueue<Instant> passes = new LinkedBlockingQueue<>();

    private Instant pass() throws InterruptedException {
        Instant at = passes.poll(10, TimeUnit.SECONDS);
        assertThat(at).as("a pass ran").isNotNull();
        return at;
    }

    /** Waits (at most 10 s) until the loop's thread waits: the due time it computed after its last pass is then set. */
    private static void awaitWaiting(String name) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().equals(name) && t.getState() == Thread.State.TIMED_WAITING) return;
            }
            Thread.sleep(1);
        }
        throw new AssertionError(name + " never waited");
    }

    @Test
    void runsAtStartOnWakeAndWhenTheClockReachesTheTimeTheStepNamed() throws Exception {
        try (StepLoop loop = StepLoop.start("test-step-loop", clock, LATER, LATER, () -> {
            passes.add(clock.instant());
            return clock.instant().plus(Duration.ofMinutes(5));
        })) {
            Instant first = pass();
            loop.wake();
            assertThat(pass()).isEqualTo(first);           // woken: ran again though nothing was due
            clock.advance(Duration.ofMinutes(4));
            loop.wake();
            Instant woken = pass();
            awaitWaiting("test-step-loop");
            assertThat(passes).isEmpty();
            clock.advance(Duration.ofMinutes(5));         // now due: runs without a wake
            assertThat(pass()).isEqualTo(woken.plus(Duration.ofMinutes(5)));
        }
    }

    @Test
    void aFailingPassIsTriedAgainAfterTheRetryDelayAndTheLoopGoesOn() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (StepLoop loop = StepLoop.start("test-step-loop-failing", clock, LATER, Duration.ofSeconds(30), () -> {
            // Counted before the pass is seen: the test reads the count as soon as it has taken the pass.
            int call = calls.incrementAndGet();
            passes.add(clock.instant());
            if (call <= 2) throw call == 1 ? new StoreException("store down", null) : new IllegalStateException("a bug");
            return null;                                   // nothing scheduled: looks again after the idle time
        })) {
            Instant failed = pass();
            awaitWaiting("test-step-loop-failing");
            clock.advance(Duration.ofSeconds(30));
            assertThat(pass()).isEqualTo(failed.plus(Duration.ofSeconds(30)));
            awaitWaiting("test-step-loop-failing");
            clock.advance(Duration.ofSeconds(30));
            pass();                                        // the third pass succeeds
            awaitWaiting("test-step-loop-failing");
            clock.advance(LATER);
            assertThat(pass()).as("idle: looked again an idle time later").isNotNull();
            assertThat(calls.get()).isEqualTo(4);
        }
    }

    @Test
    void closeEndsTheThread() throws Exception {
        StepLoop loop = StepLoop.start("test-step-loop-closed", clock, LATER, LATER, () -> {
            passes.add(clock.instant());
            return clock.instant().plus(LATER);
        });
        pass();
        loop.close();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("test-step-loop-closed") && t.isAlive());
        int before = passes.size();
        loop.wake();
        clock.advance(LATER.multipliedBy(2));
        assertThat(passes).hasSize(before);
    }
}
