package dev.junction.core.retry;

import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When to try a delivery again: exponential backoff with full jitter, a receiver's Retry-After
 * honoured up to the policy's max delay. Randomness is injected so every schedule is testable exactly.
 */
public final class RetrySchedule {

    private final RetryPolicy policy;
    private final RandomGenerator random;

    public RetrySchedule(RetryPolicy policy, RandomGenerator random) {
        this.policy = policy;
        this.random = random;
    }

    public RetryPolicy policy() { return policy; }

    /** True when a delivery that has made {@code attemptsMade} attempts may make another. */
    public boolean mayRetry(int attemptsMade) {
        return attemptsMade < policy.maxAttempts();
    }

    /**
     * The cap of the backoff window before retry number {@code retry} (1 = the first retry):
     * min(maxDelay, initialDelay * multiplier^(retry-1)).
     */
    public Duration ceiling(int retry) {
        double millis = policy.initialDelay().toMillis() * Math.pow(policy.multiplier(), Math.max(0, retry - 1));
        long max = policy.maxDelay().toMillis();
        return Duration.ofMillis(millis >= max ? max : (long) millis);
    }

    /**
     * The wait before retry number {@code retry}: uniformly random in [0, ceiling] (full jitter, so
     * many failing deliveries do not retry in lock-step), but never less than the receiver's
     * Retry-After, which itself is capped at the max delay.
     */
    public Duration delayBefore(int retry, Optional<Duration> retryAfter) {
        long ceiling = ceiling(retry).toMillis();
        long jittered = ceiling == 0 ? 0 : random.nextLong(ceiling + 1);
        long delay = jittered;
        if (retryAfter.isPresent()) {
            long asked = Math.min(retryAfter.get().toMillis(), policy.maxDelay().toMillis());
            delay = Math.max(delay, asked);
        }
        return Duration.ofMillis(delay);
    }
}
