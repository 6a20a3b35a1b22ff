package dev.junction.engine.deliver;

import dev.junction.store.ClaimedDelivery;
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
 * <p>Its monitor also orders the pump ({@link Dispatcher}): taking the head, asking the guard, and putting
 * it back happen under it, so a call that finishes meanwhile cannot miss a waiting delivery.
 */
final class Lane {

    private final ArrayDeque<ClaimedDelivery> waiting = new ArrayDeque<>();
    private final int limit;
    /** Slots promised to events being stored right now (leased in their ingest transaction). */
    private int reserved;

    Lane(int limit) {
        if (limit < 1) throw new IllegalArgumentException("a lane holds at least one delivery");
        this.limit = limit;
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
        if (stored != null) waiting.add(stored);
    }

    /** Adds claimed deliveries: claims may overfill a lane a little (they ask for room over all destinations). */
    synchronized void addAll(Collection<ClaimedDelivery> claimed) {
        waiting.addAll(claimed);
    }

    /** Slots left for claims and new events. */
    synchronized int space() {
        return Math.max(0, limit - waiting.size() - reserved);
    }

    synchronized ClaimedDelivery poll() {
        return waiting.poll();
    }

    synchronized void putBack(ClaimedDelivery head) {
        waiting.addFirst(head);
    }

    synchronized boolean isEmpty() {
        return waiting.isEmpty();
    }

    /** Takes everything out (to give it back to the queue). */
    synchronized List<ClaimedDelivery> drain() {
        List<ClaimedDelivery> all = new ArrayList<>(waiting);
        waiting.clear();
        return all;
    }

    /** Adds the ids of the waiting deliveries, whose leases must be renewed like those of calls in flight. */
    synchronized void addIdsTo(Collection<String> ids) {
        for (ClaimedDelivery d : waiting) ids.add(d.id());
    }
}
