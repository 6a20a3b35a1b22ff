package dev.junction.engine.ical;

import static dev.junction.engine.ical.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Events a calendar has that are no stay Junction can read: "not guessed at, but reported", ical.md says, yet the reading's
 * problems went nowhere. A reservation with DTEND before DTSTART, or with an RRULE, was neither created nor exported to
 * the other channels, and the poll said "unchanged", the feed "healthy" (found by a probe). The feed's state names them now.
 */
class SkippedEventsTest {

    private final UnitSync sync = new UnitSync(SETTINGS);

    private static FeedReading calendar(String... events) {
        StringBuilder ics = new StringBuilder("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Airbnb Inc//Hosting Calendar 1.0//EN\r\n");
        for (String e : events) ics.append("BEGIN:VEVENT\r\nDTSTAMP:20260801T000000Z\r\nSUMMARY:Reserved\r\n").append(e).append("END:VEVENT\r\n");
        ics.append("END:VCALENDAR\r\n");
        return PARSER.read("text/calendar", ics.toString().getBytes(StandardCharsets.UTF_8), Preset.AIRBNB, BERLIN);
    }

    private static final String GOOD = "UID:good@airbnb.com\r\nDTSTART;VALUE=DATE:20260901\r\nDTEND;VALUE=DATE:20260905\r\n";
    private static final String BACKWARDS = "UID:backwards@airbnb.com\r\nDTSTART;VALUE=DATE:20261001\r\nDTEND;VALUE=DATE:20260930\r\n";
    private static final String WEEKLY = "UID:weekly@airbnb.com\r\nDTSTART;VALUE=DATE:20261101\r\nDTEND;VALUE=DATE:20261103\r\n"
            + "RRULE:FREQ=WEEKLY;COUNT=2\r\n";

    @Test
    void theFeedsStateNamesEachEventItCouldNotReadAndForgetsThemWhenTheyAreGone() {
        UnitState unit = sync.poll(AIRBNB, UnitState.initial("villa-1"), calendar(GOOD, BACKWARDS, WEEKLY), NOW).state();

        FeedState feed = unit.feed(AIRBNB);
        assertThat(feed.bookings()).hasSize(1);
        assertThat(feed.skipped()).containsExactly("backwards@airbnb.com: DTEND 2026-09-30 is not after DTSTART 2026-10-01",
                "weekly@airbnb.com: a recurring event is not a stay");
        assertThat(IcalJson.unitState(IcalJson.write(unit))).isEqualTo(unit);

        // A failed request says nothing about the calendar: what it skipped stays named.
        unit = sync.failed(AIRBNB, unit, "HTTP 503", NOW.plus(Duration.ofMinutes(5))).state();
        assertThat(unit.feed(AIRBNB).skipped()).hasSize(2);

        unit = sync.poll(AIRBNB, unit, calendar(GOOD), NOW.plus(Duration.ofMinutes(10))).state();
        assertThat(unit.feed(AIRBNB).skipped()).isEmpty();
    }

    @Test
    void aStateStoredBeforeThereWereSkippedEventsReadsAsNone() {
        UnitState unit = sync.poll(AIRBNB, UnitState.initial("villa-1"), calendar(GOOD), NOW).state();
        String stored = new String(IcalJson.write(unit), StandardCharsets.UTF_8).replace(",\"skipped\":[]", "");
        assertThat(stored).doesNotContain("skipped");

        assertThat(IcalJson.unitState(stored.getBytes(StandardCharsets.UTF_8)).feed(AIRBNB).skipped()).isEqualTo(List.of());
    }
}
