package dev.junction.core.retry;

import java.time.Duration;

/**
 * How a delivery is retried: at most {@code maxAttempts} attempts in all (the first included), the
 * n-th retry waits a random time in [0, min(maxDelay, initialDelay * multiplier^(n-1))] (full jitter).
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay, double multiplier) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(8, Duration.ofSeconds(1), Duration.ofHours(1), 2.0);

    public RetryPolicy {
        if (maxAttempts < 1) throw new IllegalArgumentException("max-attempts must be at least 1, was " + maxAttempts);
        if (initialDelay.isNegative() || initialDelay.isZero())
            throw new IllegalArgumentException("initial-delay must be positive, was " + initialDelay);
        if (maxDelay.compareTo(initialDelay) < 0)
            throw new IllegalArgumentException("max-delay (" + maxDelay + ") must not be below initial-delay (" + initialDelay + ")");
        if (multiplier < 1.0) throw new IllegalArgumentException("multiplier must be at least 1, was " + multiplier);
    }
}
