package dev.junction.engine.ical;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.temporal.Temporal;
import java.time.temporal.TemporalAmount;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.PropertyContainer;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.DateProperty;

/**
 * What the calendars of one body hold, read one calendar at a time: the events the preset calls bookings, the
 * blocks, Junction's own echoes, and the events skipped, with why. A UID is one booking across all of them.
 */
final class CalendarReading {

    private final Preset preset;
    private final int maxNights;
    private final List<FeedEntry> bookings = new ArrayList<>();
    private final List<FeedReading.Skipped> problems = new ArrayList<>();
    private final Set<String> seen = new HashSet<>();
    private String prodId;
    private int blocks;
    private int echoes;

    CalendarReading(Preset preset, int maxNights) {
        this.preset = preset;
        this.maxNights = maxNights;
    }

    /** @param zone the feed's zone, in which a UTC time is dated */
    void add(Calendar calendar, ZoneId zone) {
        if (prodId == null) prodId = text(calendar, Property.PRODID);
        for (VEvent event : calendar.<VEvent>getComponents(Component.VEVENT)) add(event, zone);
    }

    /** An event left out before it could be read. */
    void skipped(FeedReading.Skipped skipped) {
        problems.add(skipped);
    }

    FeedReading.Calendar result() {
        return new FeedReading.Calendar(prodId == null ? "" : prodId, bookings, blocks, echoes, problems);
    }

    private void add(VEvent event, ZoneId zone) {
        String uid = text(event, Property.UID);
        if (uid.isEmpty()) {
            problems.add(new FeedReading.Skipped(null, "an event without UID"));
            return;
        }
        if (text(event, Property.STATUS).equalsIgnoreCase("CANCELLED") || text(event, Property.TRANSP).equalsIgnoreCase("TRANSPARENT"))
            return;
        if (CalendarExport.isOurs(uid, event.getProperty(CalendarExport.SOURCE_PROPERTY).isPresent())) {
            echoes++;
            return;
        }
        String key = FeedParser.shortUid(uid);
        if (event.getProperty(Property.RRULE).isPresent()) {
            problems.add(new FeedReading.Skipped(key, "a recurring event is not a stay"));
            return;
        }
        StaySpan.Result span = StaySpan.resolve(temporal(event, Property.DTSTART), end(event), zone, maxNights);
        if (!span.ok()) {
            problems.add(new FeedReading.Skipped(key, span.problem()));
            return;
        }
        String summary = text(event, Property.SUMMARY);
        String description = text(event, Property.DESCRIPTION);
        if (!preset.isBooking(summary, description)) {
            blocks++;
            return;
        }
        if (!seen.add(key)) {
            problems.add(new FeedReading.Skipped(key, "a second event with the same UID"));
            return;
        }
        String code = preset.code(description + "\n" + summary + "\n" + uid);
        bookings.add(new FeedEntry(key, code, span.start(), span.end(), summary));
    }

    private static Temporal end(VEvent event) {
        Temporal end = temporal(event, Property.DTEND);
        if (end != null) return end;
        Temporal start = temporal(event, Property.DTSTART);
        Optional<net.fortuna.ical4j.model.property.Duration> duration = event.getProperty(Property.DURATION);
        if (start == null || duration.isEmpty()) return null;
        TemporalAmount amount = duration.get().getDuration();
        try {
            return start.plus(amount);
        } catch (DateTimeException | ArithmeticException e) {
            return null;
        }
    }

    private static Temporal temporal(VEvent event, String name) {
        Optional<Property> p = event.getProperty(name);
        if (p.isEmpty() || !(p.get() instanceof DateProperty<?> d)) return null;
        try {
            return d.getDate();
        } catch (RuntimeException e) {
            return null;
        }
    }

    static String text(PropertyContainer container, String name) {
        return container.getProperty(name).map(Property::getValue).map(String::trim).orElse("");
    }
}
