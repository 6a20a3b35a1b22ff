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

    @Test
    void anEventThatCannotBeReadIsSkippedAndNamedAndTheOthersAreRead() {
        FeedReading.Calendar c = calendar(VRBO, "parse/bad-date.ics"); // DTSTART;VALUE=DATE:2027-03-10
        assertThat(c.bookings()).extracting(FeedEntry::uid).containsExactly("a@x");
        assertThat(c.problems()).extracting(FeedReading.Skipped::uid, FeedReading.Skipped::why)
                .containsExactly(tuple("b@x", "could not be read (parse error at line 12)"));
        assertThat(c.skippedUids()).containsExactly("b@x"); // in the feed: never counted missing
    }

    @Test
    void textAfterTheCalendarIsIgnoredAndNoted() {
        FeedReading.Calendar c = calendar(VRBO, "parse/trailing-garbage.ics"); // a PHP warning after END:VCALENDAR
        assertThat(c.bookings()).extracting(FeedEntry::uid).containsExactly("a@x");
        assertThat(c.problems()).extracting(FeedReading.Skipped::toString).containsExactly("text outside VCALENDAR ignored (from line 11)");
    }

    @Test
    void aCutOffBodyAndAnEventOutsideTheCalendarAreStillUnparseable() {
        String head = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n";
        String a = "BEGIN:VEVENT\r\nUID:a@x\r\nDTSTART;VALUE=DATE:20270301\r\nDTEND;VALUE=DATE:20270303\r\nSUMMARY:Reserved - a\r\nEND:VEVENT\r\n";
        String cutMidEvent = head + a + "BEGIN:VEVENT\r\nUID:b@x\r\nDTSTART;VALUE=DATE:202703";
        String cutAfterEvent = head + a;
        String eventAfterEnd = head + "END:VCALENDAR\r\n" + a;
        for (String body : new String[] {cutMidEvent, cutAfterEvent, eventAfterEnd}) {
            FeedReading r = PARSER.read("text/calendar", body.getBytes(java.nio.charset.StandardCharsets.UTF_8), Preset.VRBO, BERLIN);
            assertThat(r).as(body).isInstanceOfSatisfying(FeedReading.Refused.class, x -> assertThat(x.reason()).isEqualTo(SuspectReason.UNPARSEABLE));
        }
    }
}
