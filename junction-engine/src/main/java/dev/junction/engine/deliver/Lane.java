package dev.junction.engine.deliver;

import dev.junction.core.config.BatchSpec;
import dev.junction.store.ClaimedDelivery;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * One destination's deliveries that are leased to this node and wait for a slot in its bulkhead (ADR
 * 0009). Claims and ingest fill it; each finishing call starts the next at once, so sending never waits
 * for a claim's round trip to the store. It holds about one bulkhead's worth: a node never sits on much
 * more work than it can send at once. Everything in it is leased in the store and renewed like a call in
 * flight, so a crash loses nothing: the lease expires and the work is claimed again.
 *
 * <p>A call takes one delivery, or for a destination with a {@link BatchSpec batch} up to {@code max} of
 * them (ADR 0026): the lane holds a bulkhead's worth of batches, and a call is ready once it has {@code max}
 * deliveries or its oldest has waited {@code within} since it joined the lane.
 *
 * <p>Its monitor also orders the pump ({@link Lanes}): asking whether a call is ready, asking the guard,
 * and taking the call's deliveries happen under it, so a call that finishes meanwhile cannot miss waiting work.
 */
final class Lane {

    /** The most deliveries a batch destination's lane holds on one node (each carries its payload). */
    static final int BATCH_LANE_LIMIT = 10_000;

    private final ArrayDeque<ClaimedDelivery> waiting = new ArrayDeque<>();
    /** When each waiting delivery joined (clock millis), in the same order. */
    private final ArrayDeque<Long> since = new ArrayDeque<>();
    private final int limit;
    private final int perCall;
    private final long withinMillis;
    private final Clock clock;
    /** Slots promised to events being stored right now (leased in their ingest transaction). */
    private int reserved;

    /**
     * @param calls how many calls the destination may have in flight on this node
     * @param batch how calls gather deliveries, or null: one delivery per call
     */
    Lane(int calls, BatchSpec batch, Clock clock) {
        if (calls < 1) throw new IllegalArgumentException("a lane holds at least one delivery");
        this.perCall = batch == null ? 1 : batch.max();
        this.limit = batch == null ? calls : Math.max(perCall, Math.min(BATCH_LANE_LIMIT, calls * perCall));
        this.withinMillis = batch == null ? 0 : batch.within().toMillis();
        this.clock = clock;
    }

    /** Promises a slot to a new event's delivery; true if there was one. Settle it with {@link #settle}. */
    synchronized boolean reserve() {
        if (waiting.size() + reserved >= limit) return false;
        reserved++;
        return true;
    }

    /** Ends a reservation: the stored delivery joins the queue, or (null) the slot is given back. */
    synchronized void settle(ClaimedDelivery stored) {
        reserved--;
        if (stored != null) add(stored);
    }

    /** Adds claimed deliveries: claims may overfill a lane a little (they ask for room over all destinations). */
    synchronized void addAll(Collection<ClaimedDelivery> claimed) {
        for (ClaimedDelivery d : claimed) add(d);
    }

    private void add(ClaimedDelivery d) {
        waiting.add(d);
        since.add(clock.millis());
    }

    /** Slots left for claims and new events. */
    synchronized int space() {
        return Math.max(0, limit - waiting.size() - reserved);
    }

    /** Whether a call can be made now: a delivery waits (for a batch: {@code max} of them, or the oldest waited long enough). */
    synchronized boolean ready() {
        if (waiting.isEmpty()) return false;
        return waiting.size() >= perCall || since.peek() + withinMillis <= clock.millis();
    }

    /** When the partial batch waiting now is ready (clock millis), or {@link Long#MAX_VALUE} when none waits. */
    synchronized long readyAt() {
        return waiting.isEmpty() ? Long.MAX_VALUE : since.peek() + withinMillis;
    }

    /** The next call's deliveries: the oldest, up to one call's worth. */
    synchronized List<ClaimedDelivery> take() {
        int n = Math.min(perCall, waiting.size());
        List<ClaimedDelivery> call = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            call.add(waiting.poll());
            since.poll();
        }
        return call;
    }

    synchronized boolean isEmpty() {
        return waiting.isEmpty();
    }

    /** Takes everything out (to give it back to the queue). */
    synchronized List<ClaimedDelivery> drain() {
        List<ClaimedDelivery> all = new ArrayList<>(waiting);
        waiting.clear();
        since.clear();
        return all;
    }

    /** Adds the ids of the waiting deliveries, whose leases must be renewed like those of calls in flight. */
    synchronized void addIdsTo(Collection<String> ids) {
        for (ClaimedDelivery d : waiting) ids.add(d.id());
    }
}
