package dev.junction.store.jdbc;

import dev.junction.store.IngestOutcome;
import dev.junction.store.NewMessage;
import dev.junction.store.PlannedDelivery;
import dev.junction.store.StoreException;
import dev.junction.store.StoreOverloadedException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Group commit of concurrent ingests: callers queue their message and wait; a writer takes everything
 * queued (up to a batch) and commits it in one transaction, so one fsync acknowledges many events.
 * A caller still returns only after its own rows are committed, so a 2xx still means "on disk". Under
 * no load a batch is a single message and nothing waits for company.
 */
final class GroupCommit implements AutoCloseable {

    /** One caller's request and the future it waits on. */
    record Pending(NewMessage message, List<PlannedDelivery> destinations, Supplier<String> deliveryIds,
                   CompletableFuture<IngestOutcome> result) {}

    /** Writes one batch in one transaction; returns the outcomes in order. */
    interface BatchWriter {
        List<IngestOutcome> write(List<Pending> batch);
    }

    /** Queued once per writer on close, so writers stop at once instead of at their next poll timeout. */
    private static final Pending STOP = new Pending(null, List.of(), () -> null, new CompletableFuture<>());

    private final BlockingQueue<Pending> queue;
    private final BatchWriter writer;
    private final int maxBatch;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    GroupCommit(BatchWriter writer, int writers, int maxBatch, int capacity) {
        this.writer = writer;
        this.maxBatch = maxBatch;
        this.queue = new ArrayBlockingQueue<>(capacity);
        for (int i = 0; i < writers; i++) {
            threads.add(Thread.ofPlatform().name("junction-ingest-writer-" + i).daemon(true).start(this::run));
        }
    }

    IngestOutcome submit(NewMessage message, List<PlannedDelivery> destinations, Supplier<String> deliveryIds) {
        Pending pending = new Pending(message, destinations, deliveryIds, new CompletableFuture<>());
        if (!running) throw new StoreException("store is closed", null);
        if (!queue.offer(pending)) {
            // Back-pressure: refusing now lets the sender retry elsewhere or later, instead of timing out.
            throw new StoreOverloadedException("ingest queue is full (" + queue.size() + " waiting for the disk)");
        }
        try {
            return pending.result().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for the commit", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new StoreException("ingest failed: " + e.getCause(), e.getCause());
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        while (true) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (!running) return;
                    continue;
                }
                if (first == STOP) return;
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                if (batch.remove(STOP)) {
                    queue.offer(STOP); // the signal is for the writer that drew it next; pass it on after this batch
                }
                List<IngestOutcome> outcomes = writer.write(batch);
                for (int i = 0; i < batch.size(); i++) batch.get(i).result().complete(outcomes.get(i));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // Nothing of the batch committed: every caller hears so and no one is acknowledged.
                for (Pending p : batch) p.result().completeExceptionally(e);
            } finally {
                batch.clear();
            }
        }
    }

    @Override
    public void close() {
        running = false;
        for (int i = 0; i < threads.size(); i++) queue.offer(STOP);
        for (Thread t : threads) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Pending left;
        while ((left = queue.poll()) != null) {
            if (left != STOP) left.result().completeExceptionally(new StoreException("store closed", null));
        }
    }
}
