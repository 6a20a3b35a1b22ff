package dev.junction.engine.ical;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import net.fortuna.ical4j.data.CalendarOutputter;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.ParameterList;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.DtStamp;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.RefreshInterval;
import net.fortuna.ical4j.model.property.Transp;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.XProperty;
import net.fortuna.ical4j.model.property.immutable.ImmutableCalScale;
import net.fortuna.ical4j.model.property.immutable.ImmutableVersion;

/**
 * The body of {@code GET /ical/{source}/{unit}/{channel}.ics}: the unit's busy nights from every other
 * channel, so each channel blocks what was sold elsewhere. Never a channel's own bookings back to it (it
 * would import them as blocks and export them again). UIDs are Junction's booking keys, stable across
 * polls and UID churn; each event names its origin in {@value #SOURCE_PROPERTY}, and a feed that echoes
 * either back is recognised ({@link #isOurs}) and not read as a booking.
 */
public final class CalendarExport {

    /** The UID domain of exported events: {@code <booking-key>@junction}. */
    public static final String UID_DOMAIN = "@junction";
    public static final String SOURCE_PROPERTY = "X-JUNCTION-SOURCE";
    public static final String PRODID = "-//Junction//iCal availability export//EN";
    /** How soon a channel should come back: the sooner, the shorter an overbooking's window. */
    public static final Duration REFRESH = Duration.ofMinutes(5);
    /** What an exported night is called: busy, with nothing of the guest. */
    public static final String SUMMARY = "Not available";

    private CalendarExport() {}

    /** Whether an event read from a feed is one of ours coming back. */
    public static boolean isOurs(String uid, boolean hasSourceProperty) {
        return hasSourceProperty || uid.endsWith(UID_DOMAIN);
    }

    /**
     * The unit's other channels whose calendar has never been taken: an export rendered now would leave their nights
     * out, and {@code channel} would believe them free. The export waits for them (an answer of "not yet", never an
     * incomplete calendar); a channel read once keeps counting with the bookings it last had, held or failing since.
     *
     * @param channels every channel configured for the unit
     * @param feeds    the unit's feed states by channel ({@link UnitState#feeds()})
     */
    public static List<String> unreadOthers(Collection<String> channels, String channel, java.util.Map<String, FeedState> feeds) {
        List<String> unread = new ArrayList<>();
        for (String other : channels) {
            FeedState state = feeds.get(other);
            if (!other.equals(channel) && (state == null || state.lastSuccess() == null)) unread.add(other);
        }
        return unread;
    }

    /**
     * @param feeds the unit's feed states ({@link UnitState#feeds()}), every channel
     * @param today the unit's today: stays over by then are left out
     */
    public static String render(String source, String unit, String channel, Collection<FeedState> feeds, LocalDate today) {
        Calendar calendar = new Calendar();
        calendar.add(new ProdId(PRODID));
        calendar.add(ImmutableVersion.VERSION_2_0);
        calendar.add(ImmutableCalScale.GREGORIAN);
        calendar.add(new XProperty("X-WR-CALNAME", source + " " + unit + " for " + channel));
        calendar.add(new RefreshInterval(new ParameterList(List.of(net.fortuna.ical4j.model.parameter.Value.DURATION)), REFRESH));
        calendar.add(new XProperty("X-PUBLISHED-TTL", REFRESH.toString()));
        List<Booking> busy = new ArrayList<>();
        for (FeedState f : feeds)
            if (!f.channel().equals(channel)) f.bookings().stream().filter(b -> !b.endedBy(today)).forEach(busy::add);
        busy.sort(Comparator.comparing(Booking::start).thenComparing(Booking::key));
        for (Booking b : busy) calendar.add(event(source, unit, b));
        StringWriter out = new StringWriter();
        try {
            new CalendarOutputter(false).output(calendar, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static VEvent event(String source, String unit, Booking b) {
        VEvent event = new VEvent(b.start(), b.end(), SUMMARY);
        event.add(new Uid(b.key() + UID_DOMAIN));
        // The booking's last change, not the time of the request: the same state renders the same bytes.
        event.replace(new DtStamp(b.updatedAt()));
        event.add(new Transp(Transp.VALUE_OPAQUE));
        event.add(new XProperty(SOURCE_PROPERTY, source + "/" + unit + "/" + b.channel()));
        return event;
    }
}
