package dev.junction.engine.ical;

import java.util.List;

/** What one fetched body turned out to be: a calendar and its bookings, or something refused as a calendar. */
public sealed interface FeedReading {

    /**
     * A calendar. {@code problems} names events that were skipped (DTEND not after DTSTART, an absurd
     * span, no UID...): reported, never guessed at.
     */
    record Calendar(String prodId, List<FeedEntry> bookings, int blocks, int echoes, List<Skipped> problems) implements FeedReading {
        public Calendar {
            bookings = List.copyOf(bookings);
            problems = List.copyOf(problems);
        }

        /** UIDs that are in the feed but could not be read: present, so never counted missing. */
        public java.util.Set<String> skippedUids() {
            java.util.Set<String> uids = new java.util.HashSet<>();
            for (Skipped s : problems) if (s.uid() != null) uids.add(s.uid());
            return uids;
        }
    }

    /** An event left out of the reading, and why (uid is null when it had none). */
    record Skipped(String uid, String why) {
        @Override
        public String toString() {
            return uid == null ? why : uid + ": " + why;
        }
    }

    /** Not a calendar at all: HTML, the wrong content type, no VCALENDAR, or a parse error. */
    record Refused(SuspectReason reason, String detail) implements FeedReading {}
}
