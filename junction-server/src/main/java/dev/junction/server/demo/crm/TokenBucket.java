package dev.junction.server.demo.crm;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** A rate limit as APIs apply it: {@code capacity} requests at once, refilled at {@code perSecond}, by the given clock. */
final class TokenBucket {

    private final int capacity;
    private final double perSecond;
    private final Clock clock;
    private double tokens;
    private Instant last;

    TokenBucket(int capacity, double perSecond, Clock clock) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be at least 1, but was " + capacity);
        if (!(perSecond > 0)) throw new IllegalArgumentException("perSecond must be above 0, but was " + perSecond);
        this.capacity = capacity;
        this.perSecond = perSecond;
        this.clock = clock;
        this.tokens = capacity;
        this.last = clock.instant();
    }

    /** Takes a token; when none is left, how long until one is (the caller answers 429 with it). */
    synchronized Duration take() {
        Instant now = clock.instant();
        if (now.isAfter(last)) {
            tokens = Math.min(capacity, tokens + Duration.between(last, now).toNanos() / 1e9 * perSecond);
            last = now;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return Duration.ZERO;
        }
        return Duration.ofNanos((long) Math.ceil((1 - tokens) / perSecond * 1e9));
    }
}
