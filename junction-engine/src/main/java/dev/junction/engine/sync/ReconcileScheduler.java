package dev.junction.engine.sync;

import dev.junction.core.config.SyncSpec;
import dev.junction.engine.loop.StepLoop;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles each sync with {@code reconcile: { every: ... }} on its interval. {@link #step()} runs the due ones
 * (on the calling thread, one after another) and says when the next is due; {@link #start()} repeats it on a thread.
 * A run is due an interval after the latest recorded run ended, whichever node made it (the store says, so the
 * cluster reconciles a sync once per interval and a restart keeps the schedule); with none recorded, an interval
 * after this node started. Whether it is still due is asked again under the sync's lease, so two nodes that found it
 * due at once make one run.
 */
public final class ReconcileScheduler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReconcileScheduler.class);
    /** A run that failed (the store, a bug) or that another node was making is looked at again this much later. */
    static final Duration AFTER_FAILURE = Duration.ofMinutes(1);

    private final Reconciler reconciler;
    private final Clock clock;
    private final Instant started;
    private final Map<String, Duration> every = new LinkedHashMap<>();
    /** This node's own wait after a failure or a skip: the store knows nothing of those. */
    private final Map<String, Instant> notBefore = new ConcurrentHashMap<>();
    private StepLoop loop;

    public ReconcileScheduler(Reconciler reconciler, Clock clock) {
        this.reconciler = reconciler;
        this.clock = clock;
        this.started = clock.instant();
        for (SyncSpec s : reconciler.syncs().values()) if (s.reconcileEvery() != null) every.put(s.name(), s.reconcileEvery());
    }

    /** Runs the due reconciliations; returns when the next is due (null when none is scheduled). */
    public Instant step() throws InterruptedException {
        Instant next = null;
        for (String sync : every.keySet()) {
            Instant due;
            try {
                due = runIfDue(sync);
            } catch (RuntimeException ex) {
                log.warn("reconciliation of {} failed: {}", sync, ex.getClass().getName());
                due = clock.instant().plus(retry(sync));
                notBefore.put(sync, due);
            }
            if (next == null || due.isBefore(next)) next = due;
        }
        return next;
    }

    private Instant runIfDue(String sync) throws InterruptedException {
        Instant due = due(sync);
        if (due.isAfter(clock.instant())) return due;
        switch (reconciler.reconcile(sync, () -> !due(sync).isAfter(clock.instant()))) {
            case Reconciler.Result.Done done -> notBefore.remove(sync);
            // Another node is running it (its run, once recorded, sets the next due time) or just ran it.
            case Reconciler.Result.Skipped skipped -> notBefore.put(sync, clock.instant().plus(retry(sync)));
        }
        return due(sync);
    }

    /** When the sync's next run is due: an interval after the latest run of any node, or after this node started. */
    Instant due(String sync) {
        Instant due = reconciler.lastRun(sync).orElse(started).plus(every.get(sync));
        Instant wait = notBefore.get(sync);
        return wait != null && wait.isAfter(due) ? wait : due;
    }

    private Duration retry(String sync) {
        Duration interval = every.get(sync);
        return AFTER_FAILURE.compareTo(interval) < 0 ? AFTER_FAILURE : interval;
    }

    public ReconcileScheduler start() {
        if (every.isEmpty()) return this;
        loop = StepLoop.start("junction-reconciler", clock, Duration.ofMinutes(1), AFTER_FAILURE, this::step);
        return this;
    }

    @Override
    public void close() {
        if (loop != null) loop.close();
    }
}
