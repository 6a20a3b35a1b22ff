package dev.junction.engine.deliver;

import dev.junction.engine.append.Appender;
import dev.junction.store.ClaimedDelivery;
import dev.junction.store.IngestOutcome;
import dev.junction.store.PlannedDelivery;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ingest fast path (ADR 0007). When the dispatcher has caught up, a new event's deliveries are leased
 * to this node in the very transaction that stores the event ({@link #beforeStore}) and join their lanes
 * as soon as it commits ({@link #afterStore}): no claim, no poll, one commit fewer per delivery. A lease
 * is a lease either way: if this node dies, the delivery is claimed again when it expires. Under a
 * backlog the fast path is off, so new events queue behind older ones instead of overtaking them.
 */
final class IngestLeases implements Appender.Handoff {

    private final Lanes lanes;
    private final Waiter waiter;
    private final PauseCache pauses;
    private final DeliveryCounters counters;
    private final String owner;
    private final Clock clock;
    private final Duration lease;

    IngestLeases(Lanes lanes, Waiter waiter, PauseCache pauses, DeliveryCounters counters, String owner, Clock clock, Duration lease) {
        this.lanes = lanes;
        this.waiter = waiter;
        this.pauses = pauses;
        this.counters = counters;
        this.owner = owner;
        this.clock = clock;
        this.lease = lease;
    }

    /**
     * Leases to this node the deliveries it can take on right now (caught up, the destination's breaker
     * and rate limit allow calls, room in its lane, not paused, no ordering key). Returns the deliveries,
     * some with a {@link PlannedDelivery.Lease}; pass them to {@link #afterStore} whatever happens.
     */
    @Override
    public List<PlannedDelivery> beforeStore(List<PlannedDelivery> planned) {
        if (!lanes.isOpen() || !waiter.caughtUp() || planned.isEmpty()) return planned;
        List<PlannedDelivery> result = null;
        Instant until = clock.instant().plus(lease);
        for (int i = 0; i < planned.size(); i++) {
            PlannedDelivery p = planned.get(i);
            DestinationRuntime destination = lanes.destination(p.destination());
            if (p.orderingKey() != null || destination == null || !destination.guard().mayCall()
                    || pauses.lastRead().contains(p.destination())) continue;
            if (!destination.lane().reserve()) continue;
            if (result == null) result = new ArrayList<>(planned);
            result.set(i, p.withLease(new PlannedDelivery.Lease(owner, until)));
        }
        return result == null ? planned : result;
    }

    /**
     * Called after the store answered ({@code outcome}) or failed (null): what the store leased to this
     * node joins its lane and goes out, the reservations it did not use (duplicate, paused, failure) are
     * given back, and the loop is woken for the rest.
     */
    @Override
    public void afterStore(List<PlannedDelivery> planned, IngestOutcome outcome) {
        List<ClaimedDelivery> leased = outcome == null ? List.of() : outcome.leased();
        Map<String, ArrayDeque<ClaimedDelivery>> byDestination = new HashMap<>();
        for (ClaimedDelivery d : leased) byDestination.computeIfAbsent(d.destination(), k -> new ArrayDeque<>()).add(d);
        Set<String> touched = new HashSet<>();
        for (PlannedDelivery p : planned) {
            if (p.lease() == null) continue;
            ArrayDeque<ClaimedDelivery> stored = byDestination.get(p.destination());
            lanes.destination(p.destination()).lane().settle(stored == null ? null : stored.poll());
            touched.add(p.destination());
        }
        counters.leasedAtIngest(leased.size());
        boolean stored = outcome != null && !outcome.duplicate();
        if (stored) counters.queuedAtIngest(planned.size() - leased.size());
        for (String destination : touched) lanes.startWaiting(destination);
        if (stored && leased.size() < planned.size()) waiter.wakeUp();
    }
}
