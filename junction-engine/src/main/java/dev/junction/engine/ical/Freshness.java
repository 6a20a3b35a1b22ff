package dev.junction.engine.ical;

import java.time.Duration;
import java.time.Instant;

/**
 * How long since a feed was last taken: the {@code junction_feed_last_success_age_seconds} metric and the
 * {@code feed.stale} alert read it. A feed that never succeeded ages from its first poll.
 */
public final class Freshness {

    private Freshness() {}

    /** The age, or null before the feed's first poll. */
    public static Duration age(FeedState state, Instant now) {
        Instant from = state.lastSuccess() != null ? state.lastSuccess() : state.firstPoll();
        return from == null ? null : Duration.between(from, now);
    }

    public static boolean isStale(FeedState state, Instant now, Duration staleAfter) {
        Duration age = age(state, now);
        return age != null && age.compareTo(staleAfter) >= 0;
    }
}
