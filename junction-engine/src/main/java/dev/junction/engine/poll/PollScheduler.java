package dev.junction.engine.poll;

import dev.junction.engine.loop.StepLoop;
import dev.junction.store.PollRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each polled source on its {@link PollSchedule}. {@link #step()} is one look: renew held leases, start the
 * polls that are due (on the executor, one at a time per source) and say when the next is due; {@link #start()}
 * repeats it on a thread, waiting in between. Tests call {@code step()} with a manual clock and an executor that
 * runs in place, so nothing sleeps.
 */
public final class PollScheduler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PollScheduler.class);

    private final Poller poller;
    private final Clock clock;
    private final Executor executor;
    private final Map<String, PollSchedule> schedules = new HashMap<>();
    /** A source's next due time, or {@link #POLLING} while a poll of it runs. */
    private final Map<String, Instant> due = new ConcurrentHashMap<>();
    private static final Instant POLLING = Instant.MAX;
    private volatile StepLoop loop;

    public PollScheduler(Poller poller, Clock clock, RandomGenerator random, Executor executor) {
        this.poller = poller;
        this.clock = clock;
        this.executor = executor;
        Instant now = clock.instant();
        for (String source : poller.sources()) {
            PollSchedule schedule = poller.schedule(source, random);
            schedules.put(source, schedule);
            due.put(source, schedule.first(now));
        }
    }

    /** When each source is polled next (a source being polled now is not listed). */
    public Map<String, Instant> due() {
        Map<String, Instant> next = new HashMap<>(due);
        next.values().removeIf(POLLING::equals);
        return Map.copyOf(next);
    }

    /** Renews held leases and starts the due polls; returns when the next poll is due. */
    public Instant step() {
        poller.leases().renewDue();
        Instant now = clock.instant();
        for (Map.Entry<String, Instant> e : due.entrySet()) {
            String source = e.getKey();
            Instant at = e.getValue();
            // Taken by replacing the very due time read: a poll that ended since the read set the next one, and this
            // step leaves the source alone. (A check, then a mark in a set of its own, let a step that read the old
            // time start a poll a few milliseconds after the last one ended: 2 in 157 polls on a loaded machine.)
            if (at.isAfter(now) || !due.replace(source, at, POLLING)) continue;
            executor.execute(() -> run(source));
        }
        Instant next = due.values().stream().min(Instant::compareTo).orElse(now.plus(poller.leases().length()));
        Instant renew = now.plus(poller.leases().length().dividedBy(3));
        return next.isBefore(renew) ? next : renew;
    }

    private void run(String source) {
        PollSchedule schedule = schedules.get(source);
        Instant next = null;
        try {
            PollResult result = poller.poll(source);
            Instant now = clock.instant();
            next = switch (result) {
                case PollResult.Done d -> schedule.after(now, d.record().outcome(), d.record().retryAfter());
                case PollResult.Skipped s -> schedule.whileHeldElsewhere(now, poller.leases().length());
                case PollResult.Deferred d -> d.until();
            };
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // The store failed: nothing was committed; back off as for any failure. Only the class: no secrets in logs.
            log.warn("poll of {} failed: {}", source, e.getClass().getName());
        } finally {
            // Setting the next due time is what lets the source go: one write, so no step sees it free but still due.
            due.put(source, next != null ? next : schedule.after(clock.instant(), PollRecord.Outcome.FAILED, null));
            StepLoop l = loop;
            if (l != null) l.wake(); // the next look counts from this poll's end
        }
    }

    public PollScheduler start() {
        if (schedules.isEmpty()) return this;
        loop = StepLoop.start("junction-poller", clock, poller.leases().length(), Duration.ofSeconds(1), this::step);
        return this;
    }

    /** Stops polling and gives this node's sources up, so another node takes them at once. */
    @Override
    public void close() {
        if (loop != null) loop.close();
        poller.releaseLeases();
    }
}
