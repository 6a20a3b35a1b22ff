package dev.junction.core.config;

import java.time.Duration;

/**
 * What protects a destination (and everything else from it), per node.
 *
 * @param maxConcurrent bulkhead: deliveries in flight to this destination at once
 * @param ratePerSecond at most this many attempts per second; 0 for no limit
 * @param breaker       the circuit breaker, or null for none
 * @param deadline      overall budget of a delivery from its creation: a retry that would start later is
 *                      not scheduled and the delivery is dead-lettered instead
 * @param disableAfter  pause the destination when it has failed without a single success for this long;
 *                      null (the default) never does
 */
public record GuardSpec(int maxConcurrent, int ratePerSecond, Breaker breaker, Duration deadline, Duration disableAfter) {

    public static final Duration DEFAULT_DEADLINE = Duration.ofDays(3);
    public static final GuardSpec DEFAULT = new GuardSpec(16, 0, Breaker.DEFAULT, DEFAULT_DEADLINE, null);

    public GuardSpec {
        if (maxConcurrent < 1) throw new IllegalArgumentException("max-concurrent must be at least 1");
        if (ratePerSecond < 0) throw new IllegalArgumentException("rate-limit must not be negative");
        deadline = deadline == null ? DEFAULT_DEADLINE : deadline;
    }

    public GuardSpec(int maxConcurrent, int ratePerSecond, Breaker breaker) {
        this(maxConcurrent, ratePerSecond, breaker, DEFAULT_DEADLINE, null);
    }

    /**
     * Opens when at least {@code failureRatePercent} of the last {@code window} attempts failed
     * (retryable failures only, once {@code minimumCalls} were made), stays open for {@code openFor},
     * then lets {@code halfOpenCalls} probes through to decide whether to close.
     */
    public record Breaker(float failureRatePercent, int minimumCalls, int window, Duration openFor, int halfOpenCalls) {
        /** Half of the last 100 calls, once 50 were made: 20% random errors never open it (P < 1e-5); a dead receiver does within 50. */
        public static final Breaker DEFAULT = new Breaker(50, 50, 100, Duration.ofSeconds(30), 3);

        public Breaker {
            if (failureRatePercent <= 0 || failureRatePercent > 100) throw new IllegalArgumentException("failure-rate must be in (0, 100]");
            if (minimumCalls < 1 || window < 1 || halfOpenCalls < 1) throw new IllegalArgumentException("breaker counts must be at least 1");
            if (openFor.isNegative() || openFor.isZero()) throw new IllegalArgumentException("open-for must be positive");
        }
    }
}
