package dev.junction.store;

import java.time.Duration;
import java.time.Instant;

/**
 * How one canary ended.
 *
 * @param e2e    from the send to the last destination's 2xx, or null when it did not arrive everywhere
 * @param detail one sentence for operators (which destination was missing, the door's status), or null
 */
public record SyntheticResult(Outcome outcome, Duration e2e, String detail, Instant finishedAt) {

    public enum Outcome {
        /** Every destination answered 2xx within the SLA. */
        DELIVERED,
        /** Not delivered everywhere within the SLA (a delivery still pending, or one that succeeded too late). */
        LATE,
        /** The door did not accept it (not 2xx, or no answer). */
        REJECTED,
        /** Accepted, but no route took it: there was nothing to measure. */
        UNROUTED,
        /** A delivery of it died (a permanent error or retries exhausted). */
        DEAD;

        public boolean failure() {
            return this != DELIVERED;
        }
    }
}
