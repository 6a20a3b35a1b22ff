package dev.junction.engine.ical;

import java.time.Instant;

/**
 * Whether a feed's word is taken. A suspect feed's snapshot is held: its bookings stay as they were and
 * nothing is cancelled from it until the same calendar has come back release-after more times over at least
 * release-hold ({@link SyncSettings}), or an operator releases it.
 *
 * @param held          a fingerprint of the held calendar, to tell the same answer from a new one
 * @param confirmations polls since it was held that returned the same calendar
 * @param released      an operator has vouched for a held feed: its next calendar is taken as it is; {@code reason},
 *                      {@code detail} and {@code since} then say what was held
 */
public record FeedHealth(boolean suspect, SuspectReason reason, String detail, Instant since, String held, int confirmations,
                         boolean released) {

    public static final FeedHealth HEALTHY = new FeedHealth(false, null, null, null, null, 0, false);

    public FeedHealth {
        // A release names what it released. One stored before that (when a healthy feed could be released too, armed to
        // take a later glitch unchecked) names nothing: not trusted, so the guard judges the next calendar as usual.
        if (released && reason == null) released = false;
    }

    static FeedHealth suspect(SuspectReason reason, String detail, Instant since, String held, int confirmations) {
        return new FeedHealth(true, reason, detail, since, held, confirmations, false);
    }

    /** The release of {@code held}, a suspect feed's health. */
    static FeedHealth releasedByOperator(FeedHealth held) {
        if (!held.suspect()) throw new IllegalStateException("only a held feed is released");
        if (!held.reason().releasable()) throw new IllegalStateException("a feed held as " + held.reason().wire() + " is not released");
        return new FeedHealth(false, held.reason(), held.detail(), held.since(), null, 0, true);
    }
}
