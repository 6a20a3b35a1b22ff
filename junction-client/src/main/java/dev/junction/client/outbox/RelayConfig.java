package dev.junction.client.outbox;

import dev.junction.core.retry.RetryPolicy;
import java.time.Duration;

/**
 * How an {@link OutboxRelay} works through the table.
 *
 * @param batchSize    how many events one relay takes at a time
 * @param lease        how long taken events are the relay's; after it, another relay takes them over (so a relay that
 *                     died mid-batch loses nothing). A relay renews the lease of its batch's unsent events each half
 *                     lease, so one send must end within half of it: keep the sender's timeout under {@code lease / 2},
 *                     or a send still running when the lease passes may be made again by another relay
 * @param pollInterval how long the relay rests once the table has nothing due
 * @param retry        attempts per event and the backoff between them (full jitter); after the last, the event is dead
 */
public record RelayConfig(int batchSize, Duration lease, Duration pollInterval, RetryPolicy retry) {

    /** 100 a batch, a 60 s lease, a 1 s poll, 10 attempts from 1 s up to 1 h apart. */
    public static final RelayConfig DEFAULT = new RelayConfig(100, Duration.ofSeconds(60), Duration.ofSeconds(1),
            new RetryPolicy(10, Duration.ofSeconds(1), Duration.ofHours(1), 2.0));

    public RelayConfig {
        if (batchSize < 1) throw new IllegalArgumentException("batchSize must be at least 1, but was " + batchSize);
        if (lease.isNegative() || lease.isZero()) throw new IllegalArgumentException("lease must be positive, but was " + lease);
        if (pollInterval.isNegative() || pollInterval.isZero()) throw new IllegalArgumentException("pollInterval must be positive, but was " + pollInterval);
    }
}
