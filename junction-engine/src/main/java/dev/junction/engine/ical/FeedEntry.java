package dev.junction.engine.ical;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * A VEVENT the channel's preset calls a booking: its UID, the platform's confirmation code when the
 * feed shows one (or null), and its nights as [start, end): end is the checkout day, exclusive.
 */
public record FeedEntry(String uid, String code, LocalDate start, LocalDate end, String summary) {
    public FeedEntry {
        if (!end.isAfter(start)) throw new IllegalArgumentException("end must be after start, but was " + start + ".." + end);
    }

    public long nights() {
        return ChronoUnit.DAYS.between(start, end);
    }
}
