package dev.junction.engine.sync;

import dev.junction.core.config.SyncSpec;
import dev.junction.engine.loop.StepLoop;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles each sync with {@code reconcile: { every: ... }} on its interval. {@link #step()} runs the due ones
 * (on the calling thread, one after another) and says when the next is due; {@link #start()} repeats it on a thread.
 * A run skipped because another node holds the sync is tried again an interval later: that node reconciles it.
 */
public final class ReconcileScheduler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReconcileScheduler.class);
    /** A run that failed (the store, a bug) is tried again this much later, not a whole interval. */
    static final Duration AFTER_FAILURE = Duration.ofMinutes(1);

    private final Reconciler reconciler;
    private final Clock clock;
    private final Map<String, Instant> due = new ConcurrentHashMap<>();
    private StepLoop loop;

    public ReconcileScheduler(Reconciler reconciler, Clock clock) {
        this.reconciler = reconciler;
        this.clock = clock;
        Instant now = clock.instant();
        // The first run an interval after start: a restarting node does not list every system at once.
        for (SyncSpec s : reconciler.syncs().values()) if (s.reconcileEvery() != null) due.put(s.name(), now.plus(s.reconcileEvery()));
    }

    /** When each scheduled sync is reconciled next. */
    public Map<String, Instant> due() {
        return Map.copyOf(due);
    }

    /** Runs the due reconciliations; returns when the next is due (null when none is scheduled). */
    public Instant step() throws InterruptedException {
        for (Map.Entry<String, Instant> e : due.entrySet()) {
            if (e.getValue().isAfter(clock.instant())) continue;
            String sync = e.getKey();
            Duration every = reconciler.syncs().get(sync).reconcileEvery();
            try {
                reconciler.reconcile(sync);
                due.put(sync, clock.instant().plus(every));
            } catch (RuntimeException ex) {
                log.warn("reconciliation of {} failed: {}", sync, ex.getClass().getName());
                due.put(sync, clock.instant().plus(AFTER_FAILURE.compareTo(every) < 0 ? AFTER_FAILURE : every));
            }
        }
        return due.values().stream().min(Instant::compareTo).orElse(null);
    }

    public ReconcileScheduler start() {
        if (due.isEmpty()) return this;
        loop = StepLoop.start("junction-reconciler", clock, Duration.ofMinutes(1), AFTER_FAILURE, this::step);
        return this;
    }

    @Override
    public void close() {
        if (loop != null) loop.close();
    }
}
