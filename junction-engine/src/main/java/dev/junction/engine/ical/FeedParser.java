package dev.junction.engine.ical;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.temporal.Temporal;
import java.time.temporal.TemporalAmount;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.data.CalendarParserFactory;
import net.fortuna.ical4j.data.ContentHandlerContext;
import net.fortuna.ical4j.data.DefaultComponentFactorySupplier;
import net.fortuna.ical4j.data.DefaultParameterFactorySupplier;
import net.fortuna.ical4j.data.DefaultPropertyFactorySupplier;
import net.fortuna.ical4j.data.ParserException;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.ComponentFactory;
import net.fortuna.ical4j.model.ParameterFactory;
import net.fortuna.ical4j.model.PropertyFactory;
import net.fortuna.ical4j.model.TimeZoneRegistryFactory;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.PropertyContainer;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.DateProperty;
import net.fortuna.ical4j.util.CompatibilityHints;

/**
 * Reads a fetched body as a channel's calendar. Leniently, because OTA feeds fold lines badly, omit
 * required properties and carry odd values; strictly about what is a calendar at all, because a login
 * page or a truncated body answered with 200 must never look like a calendar with no bookings.
 */
public final class FeedParser {

    /** The longest UID kept as it is; longer ones are hashed, so state stays small. */
    static final int MAX_UID_LENGTH = 255;

    static {
        // ical4j reads these once, globally: OTA feeds need all three.
        CompatibilityHints.setHintEnabled(CompatibilityHints.KEY_RELAXED_UNFOLDING, true);
        CompatibilityHints.setHintEnabled(CompatibilityHints.KEY_RELAXED_PARSING, true);
        CompatibilityHints.setHintEnabled(CompatibilityHints.KEY_RELAXED_VALIDATION, true);
    }

    // ical4j looks its factories up on every build unless handed them: once is enough.
    private static final ContentHandlerContext FACTORIES;

    static {
        List<PropertyFactory<?>> properties = new DefaultPropertyFactorySupplier().get();
        List<ParameterFactory<?>> parameters = new DefaultParameterFactorySupplier().get();
        List<ComponentFactory<?>> components = new DefaultComponentFactorySupplier().get();
        FACTORIES = new ContentHandlerContext().withPropertyFactorySupplier(() -> properties)
                .withParameterFactorySupplier(() -> parameters).withComponentFactorySupplier(() -> components);
    }

    private final int maxNights;

    public FeedParser(SyncSettings settings) {
        this.maxNights = settings.maxNights();
    }

    /**
     * @param contentType the response's Content-Type, or null when it had none
     * @param body        the response body as received
     */
    public FeedReading read(String contentType, byte[] body, Preset preset, ZoneId unitZone) {
        String text = new String(body, StandardCharsets.UTF_8).replace("\uFEFF", "");
        String head = text.stripLeading();
        // The body decides (ADR 0044): a calendar served as text/html (a PHP script's default type) is still a
        // calendar, and a login page is never one, whatever its type says. The type only names what was served instead.
        if (!head.regionMatches(true, 0, "BEGIN:VCALENDAR", 0, 15)) {
            if (contentType != null && refusedType(contentType))
                return new FeedReading.Refused(SuspectReason.NOT_A_CALENDAR, "content type " + contentType.split(";")[0].trim());
            if (head.startsWith("<")) return new FeedReading.Refused(SuspectReason.NOT_A_CALENDAR, "an HTML or XML body");
            return new FeedReading.Refused(SuspectReason.NOT_A_CALENDAR, "no BEGIN:VCALENDAR");
        }
        List<CalendarText.Line> lines = CalendarText.lines(text);
        CalendarText.Calendars calendars = CalendarText.calendars(lines);
        CalendarReading reading = new CalendarReading(preset, maxNights);
        if (calendars.outside() != null) {
            // An event outside every calendar is a broken body, not a PHP warning after it: its bookings would count missing.
            if (calendars.eventOutside())
                return new FeedReading.Refused(SuspectReason.UNPARSEABLE, "an event outside VCALENDAR at line " + calendars.outside().number());
            reading.skipped(new FeedReading.Skipped(null, "text outside VCALENDAR ignored (from line " + calendars.outside().number() + ")"));
        }
        // A body may hold several calendars one after the other (a script concatenating two exports): each is read,
        // since a calendar left out would have its bookings counted missing and cancelled.
        for (List<CalendarText.Line> one : calendars.calendars()) {
            List<CalendarText.Line> left = one;
            Calendar calendar = null;
            while (calendar == null) {
                try {
                    calendar = build(left);
                } catch (ParserException e) {
                    // One event ical4j cannot read is left out and named (its nights are then blocked nowhere: the feed's
                    // skipped events say so); anything else is the whole calendar's fault. The line number only: ical4j's
                    // message quotes the body, which is the guests' data.
                    int line = bodyLine(left, e.getLineNo());
                    CalendarText.Event bad = CalendarText.eventAt(left, e.getLineNo());
                    if (bad == null) return new FeedReading.Refused(SuspectReason.UNPARSEABLE, "parse error at line " + line);
                    String uid = bad.uid() == null ? null : shortUid(bad.uid());
                    reading.skipped(new FeedReading.Skipped(uid, "could not be read (parse error at line " + line + ")"));
                    left = bad.without(left);
                } catch (IOException | RuntimeException e) {
                    return new FeedReading.Refused(SuspectReason.UNPARSEABLE, "parse error: " + e.getClass().getSimpleName());
                }
            }
            reading.add(calendar, feedZone(calendar, unitZone));
        }
        return reading.result();
    }

    private static Calendar build(List<CalendarText.Line> lines) throws IOException, ParserException {
        // A registry per feed: the VTIMEZONEs one feed defines are not another's.
        return new CalendarBuilder(CalendarParserFactory.getInstance().get(), FACTORIES, TimeZoneRegistryFactory.getInstance().createRegistry())
                .build(new StringReader(CalendarText.join(lines)));
    }

    /** The body's line of ical4j's content line {@code n} (1-based, counted in the unfolded text it was given). */
    private static int bodyLine(List<CalendarText.Line> lines, int n) {
        if (n < 1 || lines.isEmpty()) return n;
        // Past the last line (a body cut off): counted on from the last.
        return n <= lines.size() ? lines.get(n - 1).number() : lines.getLast().number() + n - lines.size();
    }

    private static boolean refusedType(String contentType) {
        String type = contentType.toLowerCase(Locale.ROOT);
        return type.contains("html") || type.contains("json") || type.contains("xml") || type.startsWith("image/");
    }

    /** X-WR-TIMEZONE where the feed names a real zone, else the unit's. */
    private static ZoneId feedZone(Calendar calendar, ZoneId unitZone) {
        String named = CalendarReading.text(calendar, "X-WR-TIMEZONE");
        if (named.isEmpty()) return unitZone;
        try {
            return ZoneId.of(named);
        } catch (DateTimeException e) {
            return unitZone;
        }
    }

    static String shortUid(String uid) {
        if (uid.length() <= MAX_UID_LENGTH) return uid;
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(uid.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
