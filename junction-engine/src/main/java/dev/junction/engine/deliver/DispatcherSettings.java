package dev.junction.engine.deliver;

import java.time.Duration;

/**
 * @param workers      deliveries in flight at once, over all destinations
 * @param pollInterval the longest an idle dispatcher waits before looking for due work (other nodes'
 *                     work, expired leases); new local work wakes it at once
 * @param lease        how long a claim is held; longer than any destination's timeout so that a
 *                     delivery is never handed to a second worker while the first may still be sending
 */
public record DispatcherSettings(int workers, Duration pollInterval, Duration lease) {
    public DispatcherSettings {
        if (workers < 1) throw new IllegalArgumentException("workers must be at least 1");
        // Renewed every third of the lease; below a second that is renewal traffic, not safety.
        if (lease.compareTo(java.time.Duration.ofSeconds(1)) < 0) throw new IllegalArgumentException("lease must be at least 1s");
    }
}
