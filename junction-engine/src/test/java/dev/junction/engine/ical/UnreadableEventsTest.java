package dev.junction.engine.ical;

import static dev.junction.engine.ical.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * One event ical4j cannot read (a date written 2027-03-10) made the whole feed unparseable and held: every other booking's
 * change and cancellation waited on it. It is skipped and named now; the guard still holds a calendar whose unreadable
 * events would make its bookings look cancelled.
 */
class UnreadableEventsTest {

    private final UnitSync sync = new UnitSync(SETTINGS);

    private static FeedReading calendar(String... events) {
        StringBuilder ics = new StringBuilder("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//HomeAway.com, Inc.//EN\r\n");
        for (String e : events) ics.append("BEGIN:VEVENT\r\nSUMMARY:Reserved - guest\r\n").append(e).append("END:VEVENT\r\n");
        ics.append("END:VCALENDAR\r\n");
        return PARSER.read("text/calendar", ics.toString().getBytes(StandardCharsets.UTF_8), Preset.VRBO, BERLIN);
    }

    /** Five nights from {@code start}. */
    private static String stay(String uid, String start) {
        String end = java.time.LocalDate.parse(start, java.time.format.DateTimeFormatter.BASIC_ISO_DATE).plusDays(5)
                .format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
        return (uid == null ? "" : "UID:" + uid + "\r\n") + "DTSTART;VALUE=DATE:" + start + "\r\nDTEND;VALUE=DATE:" + end + "\r\n";
    }

    private static String unreadable(String uid) {
        return (uid == null ? "" : "UID:" + uid + "\r\n") + "DTSTART;VALUE=DATE:2026-12-01\r\nDTEND;VALUE=DATE:20261205\r\n";
    }

    @Test
    void anUnreadableEventIsSkippedTheFeedIsTakenAndItsBookingIsNeverCountedMissing() {
        UnitState unit = sync.poll(VRBO, UnitState.initial("villa-1"), calendar(stay("a", "20260901"), stay("b", "20261001")), NOW).state();
        assertThat(unit.feed(VRBO).bookings()).hasSize(2);

        // b becomes unreadable and c arrives: the feed is taken (c is created), b is named and kept, however long it lasts.
        Instant at = NOW;
        for (int i = 1; i <= 4; i++) {
            at = NOW.plus(Duration.ofHours(i));
            UnitSync.UnitPoll poll = sync.poll(VRBO, unit, calendar(stay("a", "20260901"), unreadable("b"), stay("c", "20261101")), at);
            unit = poll.state();
            assertThat(poll.events()).noneMatch(e -> e instanceof IcalEvent.BookingCancelled || e instanceof IcalEvent.FeedSuspect);
        }
        FeedState feed = unit.feed(VRBO);
        assertThat(feed.health().suspect()).isFalse();
        assertThat(feed.lastSuccess()).isEqualTo(at);
        assertThat(feed.bookings()).extracting(b -> b.uids().getFirst()).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(feed.skipped()).containsExactly("b: could not be read (parse error at line 13)");
    }

    @Test
    void unreadableEventsWithoutAUidThatWouldLeaveBookingsMissingAreStillHeldByTheGuard() {
        UnitState unit = sync.poll(VRBO, UnitState.initial("villa-1"), calendar(stay("a", "20260901"), stay("b", "20261001"),
                stay("c", "20261010"), stay("d", "20261020")), NOW).state();

        UnitSync.UnitPoll poll = sync.poll(VRBO, unit, calendar(stay("a", "20260901"), unreadable(null), unreadable(null), unreadable(null)),
                NOW.plus(Duration.ofMinutes(5)));

        assertThat(poll.state().feed(VRBO).health().suspect()).isTrue();
        assertThat(poll.state().feed(VRBO).health().reason()).isEqualTo(SuspectReason.MASS_REMOVAL);
        assertThat(poll.state().feed(VRBO).bookings()).hasSize(4);
        assertThat(poll.events()).hasAtLeastOneElementOfType(IcalEvent.FeedSuspect.class);
    }
}
