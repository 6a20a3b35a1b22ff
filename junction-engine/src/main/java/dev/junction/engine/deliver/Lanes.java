package dev.junction.engine.deliver;

import dev.junction.store.ClaimScope;
import dev.junction.store.ClaimedDelivery;
import dev.junction.store.DeliveryQueue;
import dev.junction.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every destination's {@link Lane} and the node's workers: leased work joins its destination's lane and
 * starts as soon as a worker is free and the destination's guard admits it (ADR 0009). Every finishing
 * call starts the next waiting one at once, so sending never waits for a claim's round trip.
 */
final class Lanes {

    private static final Logger log = LoggerFactory.getLogger(Lanes.class);
    /** How soon work given back (breaker open, rate spent, paused) is due again. */
    private static final long GIVE_BACK_MILLIS = 200;
    /**
     * How long due work for a destination this node lacks is left to the nodes that have it. Longer than a
     * rolling deploy takes; a destination the operator removed has its work dead-lettered this long after due.
     */
    static final Duration ORPHANED = Duration.ofMinutes(10);

    private final DestinationRegistry destinations;
    private final Semaphore freeWorkers;
    private final int workerCount;
    private final ExecutorService workers;
    private final DeliveryRun run;
    private final Waiter waiter;
    private final PauseCache pauses;
    private final DeliveryQueue queue;
    private final String owner;
    private final Clock clock;
    private volatile boolean open;
    private final Blocked blocked;
    /** Destinations with waiting work that found no free worker, in the order they found none (a set: each once). */
    private final Set<String> starved = ConcurrentHashMap.newKeySet();
    private final Queue<String> starvedOrder = new ConcurrentLinkedQueue<>();

    Lanes(DestinationRegistry destinations, int workerCount, ExecutorService workers, DeliveryRun run, Waiter waiter,
          PauseCache pauses, DeliveryQueue queue, String owner, Clock clock) {
        this.destinations = destinations;
        this.workerCount = workerCount;
        this.freeWorkers = new Semaphore(workerCount);
        this.workers = workers;
        this.run = run;
        this.waiter = waiter;
        this.pauses = pauses;
        this.queue = queue;
        this.owner = owner;
        this.clock = clock;
        this.blocked = new Blocked(destinations);
    }

    void open() {
        open = true;
    }

    boolean isOpen() {
        return open;
    }

    int freeWorkers() {
        return freeWorkers.availablePermits();
    }

    int workerCount() {
        return workerCount;
    }

    /** The destination of this name (an endpoint is made active), or null when there is none. */
    DestinationRuntime destination(String name) {
        return destinations.get(name);
    }

    /** Forgets idle endpoints (at most one sweep a minute does any work). */
    void forgetIdle() {
        destinations.evictIdle();
    }

    /**
     * Claim no more than the destinations can take now (free bulkhead slots plus lane space), and no more
     * than the free workers plus the lanes' space, so that claimed work waits at most in a lane. Zero when
     * every destination is skipped; deliveries to destinations no longer configured are claimed (and
     * dead-lettered) whenever a configured destination has room.
     */
    int roomFor(int free, Set<String> skipped) {
        if (destinations.isEmpty()) return free;
        int room = 0;
        int laneSpace = 0;
        boolean any = false;
        if (destinations.hasEndpoints()) {
            // Endpoints, active or not, take what the free workers can send, plus lane space to refill while they
            // send (as configured destinations do), but at most one more workers' worth: summed over thousands of
            // endpoints, bulkheads and lanes would size a claim by the endpoints, not by the workers.
            int endpointSpace = 0;
            for (DestinationRuntime d : destinations.activeEndpoints()) {
                if (!skipped.contains(d.name())) endpointSpace += d.lane().space();
                if (endpointSpace >= workerCount) break;
            }
            int space = Math.min(endpointSpace, workerCount);
            room += free + space;
            laneSpace += space;
            any = true;
        }
        for (DestinationRuntime d : destinations.configured()) {
            if (skipped.contains(d.name())) continue;
            any = true;
            int space = d.lane().space();
            room += d.guard().room() + space;
            laneSpace += space;
        }
        return any ? Math.min(room, free + laneSpace) : 0;
    }

    /**
     * What this node's next claim may take. Not the destinations it cannot take more work for now (paused,
     * breaker open, rate spent, bulkhead and lane full): their deliveries stay in the store, unclaimed (skipping
     * a paused destination here, not only in the claim's filter, means a node whose destinations are all paused
     * runs no claim at all). Of the rest, the destinations it has (configured, or endpoints); another node's
     * destination (a rolling deploy that adds one) only once its work has waited {@link #ORPHANED}, to be
     * dead-lettered here, replayable.
     */
    ClaimScope scope(Set<String> paused) {
        return new ClaimScope(blocked.now(paused), destinations.configuredNames(), destinations.endpointPrefix(),
                clock.instant().minus(ORPHANED));
    }

    /** Claimed work joins its destination's lane and goes out as far as the guards allow. */
    void enqueue(List<ClaimedDelivery> claimed) {
        Map<String, List<ClaimedDelivery>> byDestination = new LinkedHashMap<>();
        for (ClaimedDelivery d : claimed) {
            if (destinations.get(d.destination()) != null) {
                byDestination.computeIfAbsent(d.destination(), k -> new ArrayList<>()).add(d);
            } else {
                // No longer configured: no guard, no lane; it is recorded (and kept replayable) at once.
                freeWorkers.acquireUninterruptibly();
                start(List.of(d), null);
            }
        }
        byDestination.forEach((name, ds) -> {
            destinations.get(name).lane().addAll(ds);
            startWaiting(name);
        });
    }

    /**
     * Starts as many of the destination's waiting deliveries as its guard and the free workers allow.
     * An open breaker, a spent rate limit or a pause (as last read) gives the waiting work back to the
     * queue without spending an attempt; claims then skip the destination until it can take calls (ADR 0005).
     */
    void startWaiting(String name) {
        DestinationRuntime destination = destinations.get(name);
        if (destination == null) return; // an endpoint deleted meanwhile: what its lane held is claimed again when the leases end
        pump(destination);
        blocked.check(destination);
    }

    private void pump(DestinationRuntime destination) {
        String name = destination.name();
        Lane lane = destination.lane();
        List<ClaimedDelivery> giveBack = null;
        DestinationGuard.Admission refused = null;
        synchronized (lane) {
            if (open && pauses.lastRead().contains(name)) giveBack = lane.drain();
            while (open && giveBack == null) {
                if (!lane.ready()) {
                    // A partial batch waits for more or for its time; the claim loop wakes for it then.
                    if (!lane.isEmpty()) waiter.batchWaiting(lane.readyAt());
                    return;
                }
                if (!freeWorkers.tryAcquire()) {
                    starve(name); // a finishing call releases a worker and starts it
                    if (!freeWorkers.tryAcquire()) return; // (unless one was released before it was listed)
                }
                refused = destination.guard().admit(); // one call, however many deliveries it carries
                if (refused == DestinationGuard.Admission.GO) {
                    start(lane.take(), destination);
                    continue;
                }
                freeWorkers.release();
                if (refused == DestinationGuard.Admission.BULKHEAD_FULL) return; // the call that finishes starts the next
                giveBack = lane.drain();
                break;
            }
            if (giveBack == null || giveBack.isEmpty()) return; // closing (close() gives the lanes back), or nothing waited
        }
        waiter.behind(); // it goes back to the queue: look again when the destination can take calls
        Instant now = clock.instant();
        giveBack(giveBack, now.plusMillis(GIVE_BACK_MILLIS), now, refused == null ? "paused" : refused.toString());
    }

    /**
     * Sends the batches of configured batch destinations that are ready (full, or their oldest waited
     * {@code within}); returns when the next partial batch will be ready (clock millis), or {@link Long#MAX_VALUE}.
     */
    long flushBatches() {
        long next = Long.MAX_VALUE;
        for (DestinationRuntime d : destinations.configured()) {
            if (d.spec().batch() == null || d.lane().isEmpty()) continue;
            startWaiting(d.name());
            // A ready batch still waiting has no free slot: the call that frees one starts it, no timer needed
            // (and a time already past would have the loop look again at once, over and over).
            if (!d.lane().ready()) next = Math.min(next, d.lane().readyAt());
        }
        return next;
    }

    /**
     * Starts the waiting work of destinations that found no free worker, longest waiting first (after a
     * worker was freed). Only those are looked at: the cost of a finishing call does not grow with the
     * number of active endpoints.
     */
    void startAllWaiting() {
        String name;
        while (freeWorkers.availablePermits() > 0 && (name = starvedOrder.poll()) != null) {
            starved.remove(name);
            startWaiting(name);
        }
    }

    private void starve(String name) {
        if (starved.add(name)) starvedOrder.add(name);
    }

    /** Sends a call on a worker; the caller holds a free worker and (configured destinations) the guard's admission. */
    private void start(List<ClaimedDelivery> call, DestinationRuntime destination) {
        boolean keyed = call.stream().anyMatch(d -> d.orderingKey() != null);
        String name = call.getFirst().destination();
        try {
            workers.submit(() -> {
                try {
                    if (destination != null && destination.spec().batch() != null) {
                        run.deliverBatch(call, destination, () -> startWaiting(name));
                    } else {
                        run.deliver(call.getFirst(), destination, () -> startWaiting(name));
                    }
                } finally {
                    freeWorkers.release();
                    startAllWaiting(); // a worker is free: waiting work of any destination may go
                    waiter.deliveryFinished(keyed);
                }
            });
        } catch (RejectedExecutionException closing) {
            // Closing: not sent, so its lease runs out and it is claimed again (at-least-once).
            freeWorkers.release();
            if (destination != null) destination.guard().cancel();
        }
    }

    /** Adds the ids of the deliveries waiting in lanes: leased, so renewed like calls in flight. */
    void addWaitingIdsTo(Collection<String> ids) {
        for (DestinationRuntime d : destinations.all()) d.lane().addIdsTo(ids);
    }

    /** Stops starting work and gives what waits back to the queue, due now, for another node or the next start. */
    void close() {
        open = false;
        Instant now = clock.instant();
        for (DestinationRuntime d : destinations.all()) {
            List<ClaimedDelivery> waiting;
            synchronized (d.lane()) {
                waiting = d.lane().drain();
            }
            giveBack(waiting, now, now, "closing");
        }
    }

    private void giveBack(List<ClaimedDelivery> deliveries, Instant dueAt, Instant now, String why) {
        for (ClaimedDelivery d : deliveries) {
            try {
                queue.release(owner, d.id(), dueAt, now);
            } catch (StoreException e) {
                log.warn("could not give delivery {} back to the queue ({}); its lease expires instead: {}", d.id(), why, e.getMessage());
            }
        }
    }
}
