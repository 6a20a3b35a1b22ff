package dev.junction.engine.ical;

import static dev.junction.engine.ical.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.util.CompatibilityHints;
import org.junit.jupiter.api.Test;

class IcalExportTest {

    private final UnitSync sync = new UnitSync(SETTINGS);

    private UnitState villa() {
        UnitState unit = UnitState.initial("villa-1");
        unit = sync.poll(AIRBNB, unit, read(AIRBNB, "airbnb.ics"), NOW).state();
        unit = sync.poll(BOOKING, unit, read(BOOKING, "booking.ics"), NOW).state();
        return sync.poll(VRBO, unit, read(VRBO, "vrbo.ics"), NOW).state();
    }

    private static String export(UnitState unit, String channel) {
        return CalendarExport.render("rentals", "villa-1", channel, unit.feeds().values(), LocalDate.of(2026, 8, 10));
    }

    @Test
    void aChannelsExportHoldsEveryOtherChannelsBusyNightsAndNeverItsOwn() {
        String ics = export(villa(), "airbnb");
        assertThat(ics).contains("X-JUNCTION-SOURCE:rentals/villa-1/booking", "X-JUNCTION-SOURCE:rentals/villa-1/vrbo")
                .doesNotContain("rentals/villa-1/airbnb");
        assertThat(ics).contains("DTSTART;VALUE=DATE:20260822", "DTEND;VALUE=DATE:20260826", "SUMMARY:Not available")
                .doesNotContain("Jensen").doesNotContain("Maria");
        assertThat(ics.split("BEGIN:VEVENT", -1)).hasSize(1 + 3 + 2);
        assertThat(ics).contains("REFRESH-INTERVAL;VALUE=DURATION:PT5M", "X-PUBLISHED-TTL:PT5M");
    }

    @Test
    void theExportIsValidToIcal4jsStrictValidator() throws Exception {
        String ics = export(villa(), "vrbo");
        CompatibilityHints.setHintEnabled(CompatibilityHints.KEY_RELAXED_PARSING, false);
        CompatibilityHints.setHintEnabled(CompatibilityHints.KEY_RELAXED_VALIDATION, false);
        try {
            Calendar parsed = new CalendarBuilder().build(new StringReader(ics));
            assertThat(parsed.validate().hasErrors()).as(parsed.validate().toString()).isFalse();
            assertThat(parsed.<VEvent>getComponents("VEVENT")).hasSize(6);
        } finally {
            CompatibilityHints.setHintEnabled(CompatibilityHints.KEY_RELAXED_PARSING, true);
            CompatibilityHints.setHintEnabled(CompatibilityHints.KEY_RELAXED_VALIDATION, true);
        }
    }

    @Test
    void uidsAndBytesAreStableAcrossPollsAndAcrossUidChurn() {
        UnitState unit = villa();
        String before = export(unit, "booking");
        unit = sync.poll(VRBO, unit, read(VRBO, "vrbo.ics"), NOW.plus(Duration.ofMinutes(5))).state();
        assertThat(export(unit, "booking")).isEqualTo(before);
        String key = unit.feeds().get("airbnb").bookings().getFirst().key();
        unit = sync.poll(AIRBNB, unit, read(AIRBNB, "airbnb-extended.ics"), NOW.plus(Duration.ofMinutes(10))).state();
        String after = export(unit, "booking");
        assertThat(after).contains("UID:" + key + "@junction").contains("DTEND;VALUE=DATE:20260822")
                .contains("DTSTAMP:20260810T081000Z"); // the change, not the request, dates the event
    }

    @Test
    void anExportEchoedBackByTheChannelIsNotReadAsItsBookings() {
        UnitState unit = villa();
        byte[] echoed = export(unit, "booking").getBytes(StandardCharsets.UTF_8);
        FeedReading.Calendar c = (FeedReading.Calendar) PARSER.read("text/calendar", echoed, Preset.BOOKING, BERLIN);
        assertThat(c.bookings()).isEmpty();
        assertThat(c.echoes()).isEqualTo(5);
    }
}
