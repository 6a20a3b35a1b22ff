package dev.junction.core.config;

import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A source that syncs rental units' calendars: each unit's feed on each channel (Airbnb, Booking.com, VRBO...)
 * polled every {@code every}, its bookings diffed into messages, and each channel served the nights sold on the
 * others at {@code /ical/{source}/{unit}/{channel}.ics}. The rules' defaults live with the sync (SyncSettings).
 *
 * @param exportToken        the token the export asks for; never shown ({@link #toString()})
 * @param zone               the units' time zone, unless a unit sets its own
 * @param cancelAfterMissing healthy polls a booking must be missing from before it is cancelled...
 * @param cancelHold         ...the first and the last at least this far apart
 * @param releaseAfter       a held feed's same answer this many more times...
 * @param releaseHold        ...over at least this long, and it is taken as it is
 * @param massRemovalShare   a poll losing more than this share of a feed's live bookings...
 * @param massRemovalMinimum ...and more than this many is held as suspect
 * @param staleAfter         no successful poll of a feed for this long: {@code feed.stale}
 * @param maxNights          a longer stay is reported, not believed
 * @param timeout            the budget of one feed's request
 * @param units              by name, in configuration order
 */
public record IcalSpec(Duration every, String exportToken, ZoneId zone, int cancelAfterMissing, Duration cancelHold, int releaseAfter, Duration releaseHold,
                       double massRemovalShare, int massRemovalMinimum, Duration staleAfter, int maxNights, Duration timeout,
                       Map<String, Unit> units) {

    public IcalSpec {
        Objects.requireNonNull(every, "every");
        Objects.requireNonNull(exportToken, "exportToken");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(cancelHold, "cancelHold");
        timeout = timeout == null ? PollSpec.DEFAULT_TIMEOUT : timeout;
        units = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(units));
    }

    /** One rental unit: its time zone decides "today" and the date of a UTC time; its feeds by channel name. */
    public record Unit(String name, ZoneId zone, Map<String, Feed> channels) {
        public Unit {
            channels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(channels));
        }
    }

    /**
     * One channel's feed of a unit, read with {@code preset}'s habits. Channels put a secret in the feed's query
     * (Airbnb's {@code ?s=...}): {@link #toString()} shows the host and path only.
     */
    public record Feed(String url, String preset) {
        @Override
        public String toString() {
            return "Feed[" + shown(url) + ", " + preset + "]";
        }

        /** The url without its query: what a log line or an error may show. */
        public static String shown(String url) {
            int q = url.indexOf('?');
            return q < 0 ? url : url.substring(0, q) + "?<redacted>";
        }
    }

    @Override
    public String toString() {
        return "IcalSpec[every=" + every + ", exportToken=<redacted>, zone=" + zone + ", units=" + units.keySet() + "]";
    }
}
