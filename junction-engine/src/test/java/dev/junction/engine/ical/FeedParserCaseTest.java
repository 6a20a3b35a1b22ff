package dev.junction.engine.ical;

import static dev.junction.engine.ical.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** RFC 5545 names are case-insensitive: a feed that writes {@code begin:vevent} still holds a booking. */
class FeedParserCaseTest {

    @Test
    void anEventWhoseNamesAreNotUpperCaseIsABookingAndItsValuesAreKeptAsWritten() {
        for (String name : new String[] {"parse/lc-all.ics", "parse/lc-begin.ics", "parse/mixed-Begin.ics", "parse/lc-calendar.ics"}) {
            FeedReading r = read(VRBO, name);
            assertThat(r).as(name).isInstanceOfSatisfying(FeedReading.Calendar.class, c -> assertThat(c.bookings())
                    .extracting(FeedEntry::uid, FeedEntry::start, FeedEntry::end, FeedEntry::summary)
                    .containsExactly(tuple("a@x", d("2027-03-01"), d("2027-03-03"), "Reserved - a")));
        }
    }

    @Test
    void aLowerCaseEventAmongUpperCaseOnesIsNotLost() {
        FeedReading.Calendar c = calendar(VRBO, "parse/vrbo-lowercase-event.ics");
        assertThat(c.bookings()).extracting(FeedEntry::uid, FeedEntry::start, FeedEntry::summary).containsExactly(
                tuple("61d9b4cd-0a1b-4c2d-9e3f-000000000001", d("2027-07-01"), "Reserved - Zoë Müller-Lüdenscheidt"),
                tuple("61d9b4cd-0a1b-4c2d-9e3f-000000000003", d("2027-09-01"), "Reserved - lowercase"));
        assertThat(c.blocks()).isEqualTo(1);
    }

    @Test
    void aValueThatSaysBeginIsTextEvenWhenFoldedOntoItsOwnLine() {
        String ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:a@x\r\nDTSTART;VALUE=DATE:20270301\r\n"
                + "DTEND;VALUE=DATE:20270303\r\nSUMMARY:Reserved - a\r\nDESCRIPTION:notes:\r\n begin:vevent end:vevent\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        FeedReading.Calendar c = (FeedReading.Calendar) PARSER.read("text/calendar", ics.getBytes(StandardCharsets.UTF_8), Preset.GENERIC, BERLIN);
        assertThat(c.bookings()).singleElement().satisfies(e -> assertThat(e.uid()).isEqualTo("a@x"));
    }

    @Test
    void blankLinesAndWhiteSpaceBeforeTheCalendarAreNoFoldAndAParseErrorNamesTheBodysOwnLine() {
        assertThat(calendar(VRBO, "parse/whitespace-lead.ics").bookings()).extracting(FeedEntry::uid).containsExactly("a@x");
        // 38 body lines, four folded DESCRIPTIONs among them, cut in the 38th: ical4j counts the unfolded lines it is given.
        String folded = "DESCRIPTION:a long\r\n  description\r\n";
        StringBuilder ics = new StringBuilder("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n");
        for (int i = 0; i < 4; i++)
            ics.append("BEGIN:VEVENT\r\nUID:u").append(i).append("\r\nDTSTART;VALUE=DATE:2027030").append(i + 1)
                    .append("\r\nDTEND;VALUE=DATE:2027030").append(i + 2).append("\r\n").append(folded).append("SUMMARY:x\r\nEND:VEVENT\r\n");
        ics.append("BEGIN:VEVENT\r\nUID:cut\r\nDTSTART;VALUE=DATE:202703");
        FeedReading r = PARSER.read("text/calendar", ics.toString().getBytes(StandardCharsets.UTF_8), Preset.GENERIC, BERLIN);
        assertThat(r).isInstanceOfSatisfying(FeedReading.Refused.class, x -> assertThat(x.detail()).isEqualTo("parse error at line 38"));
    }
}
