package dev.junction.engine.retention;

import dev.junction.engine.loop.StepLoop;
import dev.junction.store.Pruning;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes finished work and poll records past their age, and expired idempotency keys, in small batches so ingest and claims never
 * wait long behind it.
 * Several nodes may run it at once: each batch is its own transaction and deletes are idempotent.
 */
public final class Retention implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Retention.class);

    private final Pruning store;
    private final Clock clock;
    private final Duration keepSucceeded;
    private final Duration interval;
    private final int batchSize;
    private StepLoop loop;

    public Retention(Pruning store, Clock clock, Duration keepSucceeded, Duration interval, int batchSize) {
        this.store = store;
        this.clock = clock;
        this.keepSucceeded = keepSucceeded;
        this.interval = interval;
        this.batchSize = batchSize;
    }

    /** One pass: prunes batch after batch until a batch comes back short. Returns messages deleted. */
    public long runOnce() {
        Instant cutoff = clock.instant().minus(keepSucceeded);
        long total = 0;
        int deleted;
        do {
            deleted = store.pruneSucceeded(cutoff, batchSize);
            total += deleted;
        } while (deleted == batchSize);
        if (total > 0) log.info("retention pruned {} succeeded message(s) received before {}", total, cutoff);
        prunePollRecords(cutoff);
        pruneIdempotencyKeys();
        return total;
    }

    /** Poll records are kept as long as succeeded messages: a source polled every second makes 86,400 a day. */
    private void prunePollRecords(Instant cutoff) {
        long total = 0;
        int deleted;
        do {
            deleted = store.prunePollRecords(cutoff, batchSize);
            total += deleted;
        } while (deleted == batchSize);
        if (total > 0) log.info("retention pruned {} poll record(s) of polls started before {}", total, cutoff);
    }

    /** An expired key already counts as absent when claimed; deleting it only keeps the table small. */
    private void pruneIdempotencyKeys() {
        Instant now = clock.instant();
        long total = 0;
        int deleted;
        do {
            deleted = store.pruneIdempotencyKeys(now, batchSize);
            total += deleted;
        } while (deleted == batchSize);
        if (total > 0) log.info("retention pruned {} expired idempotency key(s)", total);
    }

    /** Runs a pass now and then every {@code interval} on a thread of its own; a failed pass is tried again an interval later. */
    public synchronized void start() {
        if (loop != null) return;
        loop = StepLoop.start("junction-retention", clock, interval, interval, () -> {
            runOnce();
            return clock.instant().plus(interval);
        });
    }

    @Override
    public synchronized void close() {
        if (loop != null) loop.close();
    }
}
