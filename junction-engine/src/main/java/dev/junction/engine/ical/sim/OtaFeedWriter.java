package dev.junction.engine.ical.sim;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Writes a simulated channel's feed in that channel's own shape (as the fixtures under
 * src/test/resources/ical show them): Airbnb's Reserved events with the reservation URL and its
 * moving "Not available" windows, Booking.com's CLOSED events, VRBO's Reserved and Blocked events.
 */
final class OtaFeedWriter {

    private static final DateTimeFormatter DATE = DateTimeFormatter.BASIC_ISO_DATE;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private OtaFeedWriter() {}

    /** The empty 200: the channel's calendar header and no events at all. */
    static String empty(String channel) {
        StringBuilder ics = new StringBuilder();
        header(ics, channel);
        return line(ics, "END:VCALENDAR").toString();
    }

    static String write(String channel, List<SimStay> stays, List<SimStay.Version> shown, LocalDate today, Instant now) {
        StringBuilder ics = new StringBuilder();
        header(ics, channel);
        String stamp = STAMP.format(now);
        for (int i = 0; i < stays.size(); i++) {
            SimStay s = stays.get(i);
            SimStay.Version v = shown.get(i);
            ics.append("BEGIN:VEVENT\r\nDTSTAMP:").append(stamp).append("\r\nDTSTART;VALUE=DATE:").append(DATE.format(v.start()))
                    .append("\r\nDTEND;VALUE=DATE:").append(DATE.format(v.end())).append("\r\nUID:").append(v.uid()).append("\r\n");
            switch (channel) {
                case "airbnb" -> lines(ics, "SUMMARY:Reserved", fold("DESCRIPTION:Reservation URL: "
                        + "https://www.airbnb.com/hosting/reservations/details/" + s.code() + "\\nPhone Number (Last 4 Digits): "
                        + String.format("%04d", s.id() % 10_000)));
                case "booking" -> lines(ics, s.id() % 3 == 0 ? "SUMMARY:CLOSED - Guest " + s.id() : "SUMMARY:CLOSED - Not available");
                default -> lines(ics, "SUMMARY:Reserved - Guest " + s.id(), "DESCRIPTION:Reservation ID: " + s.code());
            }
            line(ics, "END:VEVENT");
        }
        switch (channel) {
            case "airbnb" -> { // advance notice (today and tomorrow) and the booking horizon a year out: both move daily
                block(ics, "airbnb-notice@airbnb.com", today, today.plusDays(1), "Airbnb (Not available)", stamp);
                block(ics, "airbnb-horizon@airbnb.com", today.plusDays(365), today.plusDays(730), "Airbnb (Not available)", stamp);
            }
            case "vrbo" -> block(ics, "vrbo-owner-" + today.getYear() + "@vrbo.com", LocalDate.of(today.getYear(), 12, 24),
                    LocalDate.of(today.getYear(), 12, 27), "Blocked", stamp);
            default -> { }
        }
        return line(ics, "END:VCALENDAR").toString();
    }

    private static void header(StringBuilder ics, String channel) {
        switch (channel) {
            case "airbnb" -> lines(ics, "BEGIN:VCALENDAR", "PRODID;X-RICAL-TZSOURCE=TZINFO:-//Airbnb Inc//Hosting Calendar 1.0//EN",
                    "CALSCALE:GREGORIAN", "VERSION:2.0");
            case "booking" -> lines(ics, "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//admin.booking.com//NONSGML Booking.com Calendar//EN",
                    "METHOD:PUBLISH");
            default -> lines(ics, "BEGIN:VCALENDAR", "PRODID:-//HomeAway.com, Inc.//EN", "VERSION:2.0");
        }
    }

    private static void block(StringBuilder ics, String uid, LocalDate start, LocalDate end, String summary, String stamp) {
        ics.append("BEGIN:VEVENT\r\nDTSTAMP:").append(stamp).append("\r\nDTSTART;VALUE=DATE:").append(DATE.format(start))
                .append("\r\nDTEND;VALUE=DATE:").append(DATE.format(end)).append("\r\nUID:").append(uid).append("\r\nSUMMARY:")
                .append(summary).append("\r\nEND:VEVENT\r\n");
    }

    private static void lines(StringBuilder ics, String... lines) {
        for (String l : lines) line(ics, l);
    }

    private static StringBuilder line(StringBuilder ics, String line) {
        return ics.append(line).append("\r\n");
    }

    /** RFC 5545 folding at 75 octets, as Airbnb does. */
    private static String fold(String line) {
        StringBuilder out = new StringBuilder(line.substring(0, Math.min(75, line.length())));
        for (int i = 75; i < line.length(); i += 74) out.append("\r\n ").append(line, i, Math.min(i + 74, line.length()));
        return out.toString();
    }
}
