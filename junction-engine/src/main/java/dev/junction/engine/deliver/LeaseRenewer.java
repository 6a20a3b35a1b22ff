package dev.junction.engine.deliver;

import dev.junction.store.DeliveryQueue;
import dev.junction.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node's leases: every third of a lease it extends the leases of everything it is sending and
 * everything waiting in its lanes, so a long call is never handed to a second worker meanwhile.
 */
final class LeaseRenewer implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(LeaseRenewer.class);

    private final DeliveryQueue queue;
    private final String owner;
    private final Clock clock;
    private final Duration lease;
    private final Set<String> sending;
    private final Consumer<Collection<String>> addWaiting;

    /**
     * @param sending    the ids of deliveries being sent now (kept by {@link DeliveryRun})
     * @param addWaiting adds the ids of leased deliveries that wait on this node (in lanes)
     */
    LeaseRenewer(DeliveryQueue queue, String owner, Clock clock, Duration lease, Set<String> sending,
                 Consumer<Collection<String>> addWaiting) {
        this.sending = sending;
        this.queue = queue;
        this.owner = owner;
        this.clock = clock;
        this.lease = lease;
        this.addWaiting = addWaiting;
    }

    /** How often {@link #run} should be called. */
    Duration every() {
        return lease.dividedBy(3);
    }

    /** Renews every lease this node holds; returns how many the store renewed. */
    int renewOnce() {
        Set<String> held = new HashSet<>(sending);
        addWaiting.accept(held);
        if (held.isEmpty()) return 0;
        return queue.renewLeases(owner, held, clock.instant().plus(lease));
    }

    @Override
    public void run() {
        try {
            renewOnce();
        } catch (StoreException e) {
            log.warn("could not renew leases of {} deliveries: {}", sending.size(), e.getMessage());
        } catch (RuntimeException e) {
            log.error("lease renewal failed, trying again at the next turn", e); // a scheduled task that throws is never run again
        }
    }
}
