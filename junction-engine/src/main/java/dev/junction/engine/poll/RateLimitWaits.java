package dev.junction.engine.poll;

import java.time.Duration;

/**
 * How a listing read in one go (a reconciliation's) waits out a page answered 429 or 503: up to {@code tries} more
 * times per page, as long as the server asks ({@code Retry-After}, else 1 s, 2 s...), when that is at most
 * {@code longest}. A poll does not wait here: it fails, and its schedule asks again after the server's Retry-After.
 *
 * @param sleeper how a wait is spent (the thread's sleep; a test's own)
 */
record RateLimitWaits(int tries, Duration longest, Sleeper sleeper) {

    interface Sleeper {
        void sleep(Duration wait) throws InterruptedException;
    }

    static final RateLimitWaits NONE = new RateLimitWaits(0, Duration.ZERO, wait -> { });

    static final RateLimitWaits FOR_RECONCILIATION = new RateLimitWaits(3, Duration.ofSeconds(30), wait -> Thread.sleep(wait));

    /** The wait before asking a page again for the {@code nth} time (from 1), or null when the listing should fail. */
    Duration before(int nth, Duration retryAfter) {
        if (nth > tries) return null;
        Duration wait = retryAfter == null ? Duration.ofSeconds(nth) : retryAfter;
        if (wait.isNegative()) wait = Duration.ZERO;
        return wait.compareTo(longest) > 0 ? null : wait;
    }
}
