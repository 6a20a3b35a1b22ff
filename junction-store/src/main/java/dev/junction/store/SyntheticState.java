package dev.junction.store;

import java.time.Duration;
import java.time.Instant;

/**
 * Where a synthetic probe stands: when its next canary is due, who runs the current one (until when), the canary in
 * flight, and the last run's result.
 *
 * @param owner       the node running the probe now, or null between runs
 * @param canaryId    the canary in flight (sent, not yet judged), or null
 * @param messageId   the message the door stored it as, or null
 * @param last        the last run's result, or null before the first
 * @param lastSuccess when a canary last arrived within its SLA, or null
 */
public record SyntheticState(String probe, Instant nextRunAt, String owner, Instant leaseUntil, String canaryId, String messageId,
                             Instant sentAt, SyntheticResult last, Instant lastSuccess, long runs, long failures) {

    /** Whether a canary was sent and not yet judged. */
    public boolean inFlight() {
        return messageId != null;
    }
}
