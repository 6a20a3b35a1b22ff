package dev.junction.core.retry;

import java.time.Duration;
import java.util.Locale;

/**
 * How a delivery is retried: at most {@code maxAttempts} attempts in all (the first included), the
 * n-th retry waits a random time in [0, min(maxDelay, initialDelay * multiplier^(n-1))] (full jitter).
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay, double multiplier) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(8, Duration.ofSeconds(1), Duration.ofHours(1), 2.0);

    public RetryPolicy {
        if (maxAttempts < 1) throw new IllegalArgumentException("max-attempts must be at least 1, was " + maxAttempts);
        if (initialDelay.isNegative() || initialDelay.isZero())
            throw new IllegalArgumentException("initial-delay must be positive, was " + text(initialDelay));
        if (maxDelay.compareTo(initialDelay) < 0)
            throw new IllegalArgumentException("max-delay (" + text(maxDelay) + ") must not be below initial-delay ("
                    + text(initialDelay) + ")");
        if (multiplier < 1.0) throw new IllegalArgumentException("multiplier must be at least 1, was " + multiplier);
    }

    /** {@code 1h30m}, {@code 0.5s}: a duration as the config writes one (Duration prints PT1H30M, PT0.5S). */
    private static String text(Duration d) {
        return d.toString().substring(2).toLowerCase(Locale.ROOT);
    }
}
