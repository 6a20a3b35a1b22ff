package dev.junction.engine.ical;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * A message the iCal sync emits, each to be appended from the source with {@link #type()} as its event
 * type and {@link IcalJson#payload} as its body. Payloads are documented in docs/ical.md.
 */
public sealed interface IcalEvent {

    String BOOKING_CREATED = "booking.created";
    String BOOKING_CHANGED = "booking.changed";
    String BOOKING_CANCELLED = "booking.cancelled";
    String BOOKING_CONFLICT = "booking.conflict";
    String FEED_SUSPECT = "feed.suspect";
    String FEED_STALE = "feed.stale";

    @JsonIgnore
    String type();

    String unit();

    /** A booking as payloads show it. */
    record BookingRef(String channel, String bookingKey, List<String> uids, String confirmationCode, LocalDate start, LocalDate end,
                      long nights) {
        static BookingRef of(Booking b) {
            return new BookingRef(b.channel(), b.key(), b.uids(), b.code(), b.start(), b.end(), b.nights());
        }
    }

    /** Nights [start, end), end exclusive. */
    record Nights(LocalDate start, LocalDate end, long nights) {
        static Nights of(LocalDate start, LocalDate end) {
            return new Nights(start, end, ChronoUnit.DAYS.between(start, end));
        }
    }

    record BookingCreated(String unit, BookingRef booking) implements IcalEvent {
        public String type() {
            return BOOKING_CREATED;
        }
    }

    /** @param matchedBy the identity rung that recognised it: uid, code, dates, same_start, same_end */
    record BookingChanged(String unit, BookingRef booking, Nights previous, String matchedBy) implements IcalEvent {
        public String type() {
            return BOOKING_CHANGED;
        }
    }

    /** @param missingPolls healthy polls in a row it was missing from before it was cancelled */
    record BookingCancelled(String unit, BookingRef booking, int missingPolls) implements IcalEvent {
        public String type() {
            return BOOKING_CANCELLED;
        }
    }

    /** Two channels hold overlapping nights of one unit: {@code overlap} is the nights both hold. */
    record BookingConflict(String unit, Nights overlap, List<BookingRef> bookings) implements IcalEvent {
        public String type() {
            return BOOKING_CONFLICT;
        }
    }

    /**
     * A feed held: nothing it says is taken until released.
     *
     * @param liveBefore  bookings not yet ended at the last healthy poll
     * @param bookingsNow bookings in the held calendar (0 when it is no calendar)
     * @param withheld    bookings that would have started counting as missing
     */
    record FeedSuspect(String unit, String channel, SuspectReason reason, String detail, int liveBefore, int bookingsNow,
                       int withheld) implements IcalEvent {
        public String type() {
            return FEED_SUSPECT;
        }
    }

    /** @param lastSuccess null when the feed never had a successful poll */
    record FeedStale(String unit, String channel, Instant lastSuccess, long ageSeconds, long staleAfterSeconds, String lastFailureReason)
            implements IcalEvent {
        public String type() {
            return FEED_STALE;
        }
    }
}
