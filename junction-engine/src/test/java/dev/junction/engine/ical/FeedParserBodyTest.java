package dev.junction.engine.ical;

import static dev.junction.engine.ical.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import org.junit.jupiter.api.Test;

/** Bodies that are more or less than one clean calendar: each calendar in them is read, and nothing of a booking lost. */
class FeedParserBodyTest {

    @Test
    void everyCalendarOfABodyThatHoldsTwoIsRead() {
        FeedReading.Calendar c = calendar(VRBO, "parse/two-calendars.ics");
        assertThat(c.bookings()).extracting(FeedEntry::uid, FeedEntry::start, FeedEntry::end).containsExactly(
                tuple("a@x", d("2027-03-01"), d("2027-03-03")), tuple("b@x", d("2027-03-10"), d("2027-03-13")));
        assertThat(c.problems()).isEmpty();
    }
}
