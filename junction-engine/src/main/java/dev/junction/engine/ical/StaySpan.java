package dev.junction.engine.ical;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.time.temporal.Temporal;

/**
 * A VEVENT's DTSTART/DTEND as the nights it holds. DATE values are taken as they are, DTEND exclusive
 * (the checkout day). A DATE-TIME with a TZID is dated in that zone; a UTC one in the feed's zone
 * ("20260814T230000Z is the 15th in Berlin"); a floating one as written. DTEND not after DTSTART is
 * reported, not guessed at; so is a span longer than the cap.
 */
final class StaySpan {

    /** Nights, or why there are none. */
    record Result(LocalDate start, LocalDate end, String problem) {
        boolean ok() {
            return problem == null;
        }
    }

    private StaySpan() {}

    /** @param end DTEND's value, or null: a DATE start then holds one night (RFC 5545 3.6.1) */
    static Result resolve(Temporal start, Temporal end, ZoneId feedZone, int maxNights) {
        if (start == null) return new Result(null, null, "no DTSTART");
        LocalDate from = date(start, feedZone);
        LocalDate to = end == null ? (start instanceof LocalDate ? from.plusDays(1) : null) : date(end, feedZone);
        if (from == null || to == null) return new Result(null, null, "no DTEND");
        if (!to.isAfter(from)) return new Result(null, null, "DTEND " + to + " is not after DTSTART " + from);
        long nights = ChronoUnit.DAYS.between(from, to);
        if (nights > maxNights) return new Result(null, null, nights + " nights is longer than the cap of " + maxNights);
        return new Result(from, to, null);
    }

    static LocalDate date(Temporal t, ZoneId feedZone) {
        return switch (t) {
            case LocalDate d -> d;
            case ZonedDateTime z -> z.toLocalDate();
            case OffsetDateTime o -> o.atZoneSameInstant(feedZone).toLocalDate();
            case Instant i -> LocalDate.ofInstant(i, feedZone);
            case LocalDateTime l -> l.toLocalDate();
            default -> null;
        };
    }
}
