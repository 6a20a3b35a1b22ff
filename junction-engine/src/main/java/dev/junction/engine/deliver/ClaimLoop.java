package dev.junction.engine.deliver;

import dev.junction.store.ClaimScope;
import dev.junction.store.ClaimedDelivery;
import dev.junction.store.DeliveryQueue;
import dev.junction.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims due deliveries from the queue (a lease per claim), as many as the lanes and workers can take,
 * and hands them to the {@link Lanes}. {@link #step} is one look at the queue; {@link #run} repeats it
 * and waits as the step says, so tests drive the loop step by step without threads or sleeping.
 */
final class ClaimLoop implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(ClaimLoop.class);
    /** The most the loop waits for more room before claiming while it is behind. */
    static final Duration COALESCE = Duration.ofMillis(3);

    /** What to do after a step. */
    enum Next {
        /** The claim was full: there may be more due work, look again at once. */
        LOOK_AGAIN,
        /** Behind with little room: let a few more deliveries finish, then look again with {@code coalesced}. */
        COALESCE,
        /** No room at all: wait for a delivery to finish (or the poll interval). */
        WAIT_FOR_ROOM,
        /** Caught up: wait until the next delivery is due (or new work arrives). */
        WAIT_FOR_DUE
    }

    /** One step's outcome: how many deliveries it claimed, what next, and what it might have claimed. */
    record Step(int claimed, Next next, ClaimScope scope) {
        /** The destinations it left out. */
        Set<String> skipped() {
            return scope.skipped();
        }
    }

    private final DeliveryQueue queue;
    private final Lanes lanes;
    private final Waiter waiter;
    private final PauseCache pauses;
    private final DeliveryCounters counters;
    private final String owner;
    private final Clock clock;
    private final Duration lease;
    private final Duration pollInterval;
    /** A claim worth a transaction while behind: a quarter of what the destinations and workers can take at once. */
    private final int claimBatch;
    private volatile boolean running = true;

    ClaimLoop(DeliveryQueue queue, Lanes lanes, Waiter waiter, PauseCache pauses, DeliveryCounters counters, String owner,
              Clock clock, DispatcherSettings settings, int destinationCapacity) {
        this.queue = queue;
        this.lanes = lanes;
        this.waiter = waiter;
        this.pauses = pauses;
        this.counters = counters;
        this.owner = owner;
        this.clock = clock;
        this.lease = settings.lease();
        this.pollInterval = settings.pollInterval();
        this.claimBatch = Math.max(1, Math.min(settings.workers(), destinationCapacity) / 4);
    }

    /**
     * One look at the queue. With {@code coalesced} the loop has already waited for room once, so it claims
     * whatever room there is.
     */
    Step step(boolean coalesced) {
        lanes.startAllWaiting(); // a safety net: lanes are started as calls finish, this only costs a glance when they are empty
        waiter.batchesReadyAt(lanes.flushBatches()); // partial batches whose time has come go now
        lanes.forgetIdle();
        int free = lanes.freeWorkers();
        ClaimScope scope = lanes.scope(pauses.read());
        Set<String> skipped = scope.skipped();
        int room = lanes.roomFor(free, skipped);
        if (room == 0) {
            if (coalesced) return new Step(0, Next.LOOK_AGAIN, scope);
            // No worker or no bulkhead slot free: nothing to ask the store until a delivery finishes. Whether the
            // queue holds work is unknown, so the fast path stays as it was: a new event that finds no slot is
            // queued (and wakes us), and the claim after the next finish sees it.
            waiter.noRoom();
            return new Step(0, Next.WAIT_FOR_ROOM, scope);
        }
        if (!coalesced && !waiter.caughtUp() && room < claimBatch && free < lanes.workerCount()) {
            // Behind, with deliveries finishing all the time: let a few more finish and claim them in one
            // transaction, rather than one claim (and, on SQLite, one round of the group commit) per freed slot.
            return new Step(0, Next.COALESCE, scope);
        }
        List<ClaimedDelivery> claimed = queue.claimDue(owner, clock.instant(), lease, room, scope);
        counters.claimed(claimed.size());
        lanes.enqueue(claimed);
        boolean more = claimed.size() == room;
        // Room limited only by bulkheads, with less due work than room, needs no wake-up per finish.
        waiter.claimed(more, !skipped.isEmpty());
        return new Step(claimed.size(), more ? Next.LOOK_AGAIN : Next.WAIT_FOR_DUE, scope);
    }

    @Override
    public void run() {
        while (running) {
            try {
                Step step = step(false);
                if (step.next() == Next.COALESCE) {
                    Thread.sleep(COALESCE); // not on the signal: every finishing delivery would end the wait at once
                    step = step(true);
                }
                boolean waited = switch (step.next()) {
                    case WAIT_FOR_ROOM -> waiter.await(waiter.plannedWait(true, step.scope()));
                    case WAIT_FOR_DUE -> waiter.await(waiter.plannedWait(false, step.scope()));
                    case LOOK_AGAIN, COALESCE -> true;
                };
                if (!waited) running = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            } catch (StoreException e) {
                log.warn("dispatcher could not claim deliveries, retrying: {}", e.getMessage());
                if (!waiter.backOff(pollInterval)) running = false;
            } catch (RuntimeException e) {
                log.error("dispatcher loop failed, continuing", e);
                if (!waiter.backOff(pollInterval)) running = false;
            }
        }
    }

    /** Ends the loop after its current step; the caller wakes it. */
    void stop() {
        running = false;
    }
}
