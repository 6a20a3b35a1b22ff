package dev.junction.engine.ical;

import java.time.Duration;

/**
 * The rules of one iCal source, defined once and read by the guard, the diff and the staleness check.
 *
 * @param cancelAfterMissing   healthy polls in a row a booking must be missing from before it is cancelled...
 * @param cancelHold           ...the first and the last at least this far apart: counted in polls alone, polls asked for
 *                             back to back (the admin API's, a CLI loop's) would cancel a booking within seconds
 * @param massRemovalShare     a poll that loses more than this share of the feed's live bookings...
 * @param massRemovalMinimum   ...and more than this many of them is held as suspect
 * @param releaseAfter         suspect polls that must bring back the same calendar before a held feed is released...
 * @param releaseHold          ...and how long it must have been held by then: counted in polls alone, a feed
 *                             answering empty for 20 minutes at a 5-minute interval would cancel everything
 * @param maxNights            the longest stay believed; a longer span is reported as a problem, not a booking
 * @param staleAfter           a feed with no successful poll for this long raises {@code feed.stale}
 */
public record SyncSettings(int cancelAfterMissing, Duration cancelHold, double massRemovalShare, int massRemovalMinimum, int releaseAfter,
                           Duration releaseHold, int maxNights, Duration staleAfter) {

    public static final int DEFAULT_CANCEL_AFTER_MISSING = 2;
    public static final double DEFAULT_MASS_REMOVAL_SHARE = 0.5;
    public static final int DEFAULT_MASS_REMOVAL_MINIMUM = 2;
    public static final int DEFAULT_RELEASE_AFTER = 2;
    public static final Duration DEFAULT_RELEASE_HOLD = Duration.ofHours(24);
    public static final int DEFAULT_MAX_NIGHTS = 366;
    public static final Duration DEFAULT_STALE_AFTER = Duration.ofHours(6);

    public SyncSettings {
        if (cancelAfterMissing < 1) throw new IllegalArgumentException("cancel-after-missing must be at least 1, but was " + cancelAfterMissing);
        if (!(massRemovalShare > 0 && massRemovalShare < 1)) throw new IllegalArgumentException("mass-removal share must be between 0 and 1, but was " + massRemovalShare);
        if (massRemovalMinimum < 0) throw new IllegalArgumentException("mass-removal minimum must be 0 or more, but was " + massRemovalMinimum);
        if (cancelHold.isNegative()) throw new IllegalArgumentException("cancel-hold must be zero or more, but was " + cancelHold);
        if (releaseAfter < 1) throw new IllegalArgumentException("release-after must be at least 1, but was " + releaseAfter);
        if (releaseHold.isNegative()) throw new IllegalArgumentException("release-hold must be zero or more, but was " + releaseHold);
        if (maxNights < 1) throw new IllegalArgumentException("max-nights must be at least 1, but was " + maxNights);
        if (staleAfter.isNegative() || staleAfter.isZero()) throw new IllegalArgumentException("stale-after must be positive, but was " + staleAfter);
    }

    /**
     * The defaults, with no cancel hold: the hold's default is the source's, {@link #defaultCancelHold}, and a caller
     * that steps the polls itself (a simulation, a test) counts in its own steps.
     */
    public static SyncSettings ofDefaults() {
        return new SyncSettings(DEFAULT_CANCEL_AFTER_MISSING, Duration.ZERO, DEFAULT_MASS_REMOVAL_SHARE, DEFAULT_MASS_REMOVAL_MINIMUM,
                DEFAULT_RELEASE_AFTER, DEFAULT_RELEASE_HOLD, DEFAULT_MAX_NIGHTS, DEFAULT_STALE_AFTER);
    }

    /**
     * What the scheduled polls would take to miss a booking {@code cancelAfterMissing} times: {@code every} between
     * each. The default of {@code cancel-hold}.
     */
    public static Duration defaultCancelHold(Duration every, int cancelAfterMissing) {
        return every.multipliedBy(cancelAfterMissing - 1L);
    }

    public SyncSettings withCancelAfterMissing(int n) {
        return new SyncSettings(n, cancelHold, massRemovalShare, massRemovalMinimum, releaseAfter, releaseHold, maxNights, staleAfter);
    }

    public SyncSettings withRelease(int after, Duration hold) {
        return new SyncSettings(cancelAfterMissing, cancelHold, massRemovalShare, massRemovalMinimum, after, hold, maxNights, staleAfter);
    }

    public SyncSettings withCancelHold(Duration hold) {
        return new SyncSettings(cancelAfterMissing, hold, massRemovalShare, massRemovalMinimum, releaseAfter, releaseHold, maxNights, staleAfter);
    }

    public SyncSettings withStaleAfter(Duration d) {
        return new SyncSettings(cancelAfterMissing, cancelHold, massRemovalShare, massRemovalMinimum, releaseAfter, releaseHold, maxNights, d);
    }
}
