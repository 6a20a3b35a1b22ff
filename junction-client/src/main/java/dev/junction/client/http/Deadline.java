package dev.junction.client.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The instant by which a logical call, retries included, must be done. Each attempt's timeout is clamped to what
 * remains, and a retry that could not finish in time is not started.
 *
 * @param at the instant the call's time runs out
 */
public record Deadline(Instant at) {

    /** The deadline {@code budget} after now on {@code clock}. */
    public static Deadline in(Duration budget, Clock clock) {
        return new Deadline(clock.instant().plus(budget));
    }

    /** The time left on {@code clock}: zero once it passed, never negative. */
    public Duration remaining(Clock clock) {
        Duration left = Duration.between(clock.instant(), at);
        return left.isNegative() ? Duration.ZERO : left;
    }
}
