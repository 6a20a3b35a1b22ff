package dev.junction.engine.deliver;

import dev.junction.store.Completion;
import java.util.concurrent.atomic.AtomicLong;

/** What this node's dispatcher did since start: delivered, retries scheduled, dead-lettered. */
public final class DeliveryCounters {

    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong dead = new AtomicLong();
    private final AtomicLong leasedAtIngest = new AtomicLong();
    private final AtomicLong claimed = new AtomicLong();
    private final AtomicLong claims = new AtomicLong();
    private final AtomicLong queuedAtIngest = new AtomicLong();

    void leasedAtIngest(int n) { leasedAtIngest.addAndGet(n); }
    void claimed(int n) {
        claims.incrementAndGet();
        claimed.addAndGet(n);
    }
    void queuedAtIngest(int n) { queuedAtIngest.addAndGet(n); }

    void count(Completion next) {
        switch (next) {
            case Completion.Succeeded s -> delivered.incrementAndGet();
            case Completion.RetryAt r -> retried.incrementAndGet();
            case Completion.Dead d -> dead.incrementAndGet();
        }
    }

    public long delivered() { return delivered.get(); }
    public long retried() { return retried.get(); }
    public long dead() { return dead.get(); }
    /** Deliveries this node leased in the transaction that stored their event (no claim needed). */
    public long leasedAtIngest() { return leasedAtIngest.get(); }
    /** Deliveries this node claimed from the queue. */
    public long claimed() { return claimed.get(); }
    /** Claim transactions this node ran (each may claim several deliveries, or none). */
    public long claims() { return claims.get(); }
    /** New deliveries that went to the queue at ingest instead of being leased (behind, or no room). */
    public long queuedAtIngest() { return queuedAtIngest.get(); }
}
