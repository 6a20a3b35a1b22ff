package dev.junction.store.jdbc;

import dev.junction.store.StoreException;
import dev.junction.store.StoreOverloadedException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Group commit of concurrent writes: callers queue their request and wait; a writer takes everything
 * queued (up to a batch) and commits it in one transaction, so one fsync serves many callers. A caller
 * still returns only after its own rows are committed, so a 2xx still means "on disk". Under no load a
 * batch is a single request and nothing waits for company.
 *
 * @param <Q> one caller's request
 * @param <R> its result
 */
final class GroupCommit<Q, R> implements AutoCloseable {

    /** Writes one batch in one transaction; returns the results in the requests' order. */
    interface BatchWriter<Q, R> {
        List<R> write(List<Q> batch);
    }

    private record Pending<Q, R>(Q request, CompletableFuture<R> result) {}

    private final String what;
    private final BlockingQueue<Pending<Q, R>> queue;
    private final BatchWriter<Q, R> writer;
    private final int maxBatch;
    private final int capacity;
    private final java.util.function.Predicate<Q> refusable;
    private final List<Thread> threads = new ArrayList<>();
    /** Queued once per writer on close, so writers stop at once instead of at their next poll timeout. */
    private final Pending<Q, R> stop = new Pending<>(null, new CompletableFuture<>());
    private volatile boolean running = true;

    /**
     * @param what      names the writer threads and the overload error
     * @param capacity  how many {@code refusable} requests may wait; beyond it they are refused at once
     *                  (others always queue: their number must be bounded by the callers)
     */
    GroupCommit(String what, BatchWriter<Q, R> writer, int writers, int maxBatch, int capacity, java.util.function.Predicate<Q> refusable) {
        this.what = what;
        this.writer = writer;
        this.maxBatch = maxBatch;
        this.capacity = capacity;
        this.refusable = refusable;
        this.queue = new java.util.concurrent.LinkedBlockingQueue<>();
        for (int i = 0; i < writers; i++) {
            threads.add(Thread.ofPlatform().name("junction-" + what + "-writer-" + i).daemon(true).start(this::run));
        }
    }

    R submit(Q request) {
        Pending<Q, R> pending = new Pending<>(request, new CompletableFuture<>());
        if (!running) throw new StoreException("store is closed", null);
        if (refusable.test(request) && queue.size() >= capacity || !queue.offer(pending)) {
            // Back-pressure: refusing now lets the sender retry elsewhere or later, instead of timing out.
            throw new StoreOverloadedException(what + " queue is full (" + queue.size() + " waiting for the disk)");
        }
        try {
            return pending.result().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for the commit", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            // Only the class: a message from below the store is not known to be safe to log.
            throw new StoreException(what + " failed: " + e.getCause().getClass().getName(), null);
        }
    }

    private void run() {
        List<Pending<Q, R>> batch = new ArrayList<>(maxBatch);
        List<Q> requests = new ArrayList<>(maxBatch);
        while (true) {
            try {
                Pending<Q, R> first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (!running) return;
                    continue;
                }
                if (first == stop) return;
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                if (batch.remove(stop)) {
                    queue.offer(stop); // the signal is for the writer that drew it next; pass it on after this batch
                }
                for (Pending<Q, R> p : batch) requests.add(p.request());
                List<R> results = writer.write(requests);
                for (int i = 0; i < batch.size(); i++) batch.get(i).result().complete(results.get(i));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // Nothing of the batch committed: every caller hears so and no one is acknowledged.
                for (Pending<Q, R> p : batch) p.result().completeExceptionally(e);
            } finally {
                batch.clear();
                requests.clear();
            }
        }
    }

    @Override
    public void close() {
        running = false;
        for (int i = 0; i < threads.size(); i++) queue.offer(stop);
        for (Thread t : threads) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Pending<Q, R> left;
        while ((left = queue.poll()) != null) {
            if (left != stop) left.result().completeExceptionally(new StoreException("store closed", null));
        }
    }
}
