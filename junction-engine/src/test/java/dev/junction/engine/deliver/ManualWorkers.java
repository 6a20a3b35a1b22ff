package dev.junction.engine.deliver;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/** Workers a test runs by hand: submitted deliveries wait until {@link #runNext} or {@link #runAll}. */
final class ManualWorkers extends AbstractExecutorService {

    private final ArrayDeque<Runnable> queued = new ArrayDeque<>();
    private boolean shutdown;

    int queued() {
        return queued.size();
    }

    /** Runs the oldest queued delivery to its end; false when none waits. */
    boolean runNext() {
        Runnable next = queued.poll();
        if (next == null) return false;
        next.run();
        return true;
    }

    /** Runs queued deliveries, and those they start, until none waits; returns how many ran. */
    int runAll() {
        int n = 0;
        while (runNext()) n++;
        return n;
    }

    @Override
    public void execute(Runnable command) {
        if (shutdown) throw new RejectedExecutionException("shut down");
        queued.add(command);
    }

    @Override
    public void shutdown() {
        shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown = true;
        List<Runnable> left = List.copyOf(queued);
        queued.clear();
        return left;
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown && queued.isEmpty();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return queued.isEmpty();
    }
}
