package dev.junction.engine.ical;

import static dev.junction.engine.ical.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class FeedParserTest {

    @Test
    void airbnbReservedEventsAreBookingsWithTheirCodeAndNotAvailableEventsAreBlocks() {
        FeedReading.Calendar c = calendar(AIRBNB, "airbnb.ics");
        assertThat(c.bookings()).extracting(FeedEntry::code, FeedEntry::start, FeedEntry::end).containsExactly(
                tuple("HMZ2D7Q4WA", d("2026-07-28"), d("2026-08-02")),
                tuple("HMQ4XZ8K2P", d("2026-08-14"), d("2026-08-20")),
                tuple("HM8RJ3TN6Y", d("2026-09-05"), d("2026-09-09")),
                tuple("HMC5VB9L1X", d("2026-10-02"), d("2026-10-06")));
        assertThat(c.blocks()).isEqualTo(3); // the owner's block, the advance notice and the booking horizon
        assertThat(c.problems()).isEmpty();
        assertThat(c.prodId()).contains("Airbnb");
    }

    @Test
    void bookingComClosedEventsAreBookingsWithoutACode() {
        FeedReading.Calendar c = calendar(BOOKING, "booking.ics");
        assertThat(c.bookings()).extracting(FeedEntry::summary, FeedEntry::code, FeedEntry::nights).containsExactly(
                tuple("CLOSED - Not available", null, 4L), tuple("CLOSED - Jensen", null, 4L), tuple("CLOSED - Not available", null, 3L));
        assertThat(c.blocks()).isZero();
    }

    @Test
    void vrboReservationsCarryTheirHaCodeAndBlockedIsTheOwnersBlock() {
        FeedReading.Calendar c = calendar(VRBO, "vrbo.ics"); // LF line endings, as some exports have
        assertThat(c.bookings()).extracting(FeedEntry::code, FeedEntry::start).containsExactly(
                tuple("HA-7Q2K9P", d("2026-08-27")), tuple("VRB-HA-3MX8T1", d("2026-10-20")));
        assertThat(c.blocks()).isEqualTo(1);
    }

    @Test
    void dateTimesAreDatedInTheirZoneAndUtcTimesInTheFeedsZone() {
        FeedReading.Calendar c = calendar(PMS, "generic-berlin.ics");
        assertThat(c.bookings()).extracting(FeedEntry::uid, FeedEntry::start, FeedEntry::end).containsExactly(
                tuple("stay-1001@pms.example", d("2026-08-14"), d("2026-08-17")), // 15:00 to 11:00 Berlin: three nights
                tuple("stay-1002@pms.example", d("2026-08-20"), d("2026-08-22")), // 23:00Z on the 19th is the 20th in Berlin
                tuple("stay-1003@pms.example", d("2026-09-01"), d("2026-09-04"))); // DURATION:P3D
    }

    @Test
    void utcTimesWithoutAFeedZoneAreDatedInTheUnitsZone() {
        String ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:u1\r\nDTSTART:20260814T230000Z\r\n"
                + "DTEND:20260816T090000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        byte[] body = ics.getBytes(StandardCharsets.UTF_8);
        FeedReading.Calendar berlin = (FeedReading.Calendar) PARSER.read("text/calendar", body, Preset.GENERIC, BERLIN);
        FeedReading.Calendar newYork = (FeedReading.Calendar) PARSER.read("text/calendar", body, Preset.GENERIC, ZoneId.of("America/New_York"));
        assertThat(berlin.bookings().getFirst().start()).isEqualTo(d("2026-08-15"));
        assertThat(newYork.bookings().getFirst().start()).isEqualTo(d("2026-08-14"));
    }

    @Test
    void eventsThatAreNoStayAreReportedNotGuessed() {
        FeedReading.Calendar c = calendar(PMS, "generic-berlin.ics");
        assertThat(c.problems()).extracting(FeedReading.Skipped::uid, FeedReading.Skipped::why).containsExactly(
                tuple("stay-1004@pms.example", "DTEND 2026-09-10 is not after DTSTART 2026-09-10"),
                tuple("stay-1005@pms.example", "468 nights is longer than the cap of 366"),
                tuple("stay-1006@pms.example", "a recurring event is not a stay"));
        assertThat(c.bookings()).extracting(FeedEntry::uid).doesNotContain("stay-1007@pms.example"); // STATUS:CANCELLED
    }

    @Test
    void anHtmlPageIsNotACalendarWhateverItsContentTypeSays() {
        FeedReading byType = read(AIRBNB, "login.html");
        FeedReading byBody = PARSER.read("text/calendar", bytes("login.html"), Preset.AIRBNB, BERLIN);
        FeedReading json = PARSER.read(null, "{\"error\":\"unauthorized\"}".getBytes(StandardCharsets.UTF_8), Preset.AIRBNB, BERLIN);
        assertThat(java.util.List.of(byType, byBody, json)).allSatisfy(r ->
                assertThat(r).isInstanceOfSatisfying(FeedReading.Refused.class, x -> assertThat(x.reason()).isEqualTo(SuspectReason.NOT_A_CALENDAR)));
        assertThat(((FeedReading.Refused) byType).detail()).isEqualTo("content type text/html");
        assertThat(((FeedReading.Refused) byBody).detail()).isEqualTo("an HTML or XML body");
        assertThat(((FeedReading.Refused) json).detail()).isEqualTo("no BEGIN:VCALENDAR");
    }

    @Test
    void aCalendarServedWithTheWrongContentTypeIsStillReadAsTheCalendarItIs() {
        FeedReading.Calendar asCalendar = (FeedReading.Calendar) PARSER.read("text/calendar; charset=utf-8", bytes("airbnb.ics"), Preset.AIRBNB, BERLIN);
        for (String type : new String[] {"text/html; charset=UTF-8", "application/json", "application/xml", "application/octet-stream"}) {
            FeedReading r = PARSER.read(type, bytes("airbnb.ics"), Preset.AIRBNB, BERLIN);
            assertThat(r).as(type).isInstanceOfSatisfying(FeedReading.Calendar.class,
                    c -> assertThat(c.bookings()).isEqualTo(asCalendar.bookings()).isNotEmpty());
        }
    }

    @Test
    void truncatedAndGarbledCalendarsAreUnparseableAndTheReasonNeverQuotesTheBody() {
        for (String name : new String[] {"truncated.ics", "garbled.ics"}) {
            FeedReading r = read(BOOKING, name);
            assertThat(r).as(name).isInstanceOfSatisfying(FeedReading.Refused.class, x -> {
                assertThat(x.reason()).isEqualTo(SuspectReason.UNPARSEABLE);
                assertThat(x.detail()).doesNotContain("Jensen").doesNotContain("booking.com");
            });
        }
    }

    @Test
    void anEmptyCalendarIsACalendarWithNoBookings() {
        FeedReading.Calendar c = calendar(AIRBNB, "airbnb-empty.ics");
        assertThat(c.bookings()).isEmpty();
        assertThat(c.blocks()).isZero();
    }

    @Test
    void junctionsOwnExportEchoedBackIsNotABooking() {
        FeedReading.Calendar c = calendar(BOOKING, "booking-echo.ics");
        assertThat(c.echoes()).isEqualTo(2); // one by its @junction UID, one by X-JUNCTION-SOURCE
        assertThat(c.bookings()).hasSize(3);
    }

    @Test
    void aRepeatedUidIsReportedAndReadOnce() {
        String ev = "BEGIN:VEVENT\r\nUID:dup\r\nDTSTART;VALUE=DATE:20260901\r\nDTEND;VALUE=DATE:20260903\r\nEND:VEVENT\r\n";
        byte[] body = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n" + ev + ev + "END:VCALENDAR\r\n").getBytes(StandardCharsets.UTF_8);
        FeedReading.Calendar c = (FeedReading.Calendar) PARSER.read("text/calendar", body, Preset.GENERIC, BERLIN);
        assertThat(c.bookings()).hasSize(1);
        assertThat(c.problems()).extracting(FeedReading.Skipped::why).containsExactly("a second event with the same UID");
    }

    @Test
    void presetsAreNamedAsInTheConfigurationAndAWrongNameSaysWhatWouldDo() {
        assertThat(Preset.named("Airbnb")).isEqualTo(Preset.AIRBNB);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Preset.named("expedia"))
                .hasMessage("preset must be one of airbnb, booking, vrbo, generic, but was expedia");
    }
}
