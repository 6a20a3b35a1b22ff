package dev.junction.engine.ical;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A body's text as the content lines ical4j is given: unfolded, and with every property name (and the component
 * a {@code BEGIN} or {@code END} names) in upper case. RFC 5545 names are case-insensitive, but ical4j matches
 * {@code BEGIN:VEVENT} case-sensitively and drops a {@code begin:vevent} event without a word: a lost booking. Values
 * are left as they are, so a DESCRIPTION that says "begin:" is text, not a component.
 */
final class CalendarText {

    /** A content line and the line of the body it starts on (1-based), which is what an error names. */
    record Line(int number, String text) {}

    /**
     * The calendars of a body, each from its {@code BEGIN:VCALENDAR} to its {@code END:VCALENDAR} (the last one to the
     * end of the body when it is cut off), and the first line that is in none of them (null when there is none but
     * blank ones).
     */
    record Calendars(List<List<Line>> calendars, Line outside, boolean eventOutside) {}

    /** The lines {@code from} to {@code to} (indexes, inclusive) of a calendar: one VEVENT, and its UID when it shows one. */
    record Event(int from, int to, String uid) {
        List<Line> without(List<Line> lines) {
            List<Line> rest = new ArrayList<>(lines.subList(0, from));
            rest.addAll(lines.subList(to + 1, lines.size()));
            return rest;
        }
    }

    private static final Pattern NAME = Pattern.compile("^([A-Za-z0-9-]+)([;:])");
    /** A UID line: its value after the parameters (a quoted parameter value may hold a colon). */
    private static final Pattern UID = Pattern.compile("^UID(?:;(?:[^\":]|\"[^\"]*\")*)?:(.*)$");

    private CalendarText() {}

    static List<Line> lines(String text) {
        String[] raw = text.split("\r\n|\r|\n", -1);
        List<Line> lines = new ArrayList<>(raw.length);
        StringBuilder current = null;
        int start = 0;
        for (int i = 0; i < raw.length; i++) {
            String line = raw[i];
            // A fold is a line break followed by one space or tab (RFC 5545 3.1): the rest continues the line before.
            if (current != null && !current.isEmpty() && !line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t')) {
                current.append(line, 1, line.length());
                continue;
            }
            if (current != null) lines.add(new Line(start, named(current.toString())));
            // Not a fold (nothing to continue): a content line does not start with white space, so it is dropped.
            current = new StringBuilder(line.stripLeading());
            start = i + 1;
        }
        if (current != null && !current.isEmpty()) lines.add(new Line(start, named(current.toString())));
        return lines;
    }

    static Calendars calendars(List<Line> lines) {
        List<List<Line>> calendars = new ArrayList<>();
        List<Line> current = null;
        Line outside = null;
        boolean eventOutside = false;
        for (Line line : lines) {
            if (current == null) {
                if (is(line, "BEGIN", "VCALENDAR")) current = new ArrayList<>();
                else {
                    if (outside == null && !line.text().isBlank()) outside = line;
                    eventOutside |= is(line, "BEGIN", "VEVENT");
                    continue;
                }
            }
            current.add(line);
            if (is(line, "END", "VCALENDAR")) {
                calendars.add(current);
                current = null;
            }
        }
        if (current != null) calendars.add(current);
        return new Calendars(calendars, outside, eventOutside);
    }

    /** The VEVENT of {@code calendar} that its content line {@code n} (1-based) is in, or null when it is in none. */
    static Event eventAt(List<Line> calendar, int n) {
        int from = -1;
        for (int i = 0; i < calendar.size(); i++) {
            Line line = calendar.get(i);
            if (is(line, "BEGIN", "VEVENT")) from = i;
            else if (is(line, "BEGIN", "VCALENDAR") || is(line, "END", "VCALENDAR")) from = -1;
            else if (is(line, "END", "VEVENT") && from >= 0) {
                if (n - 1 >= from && n - 1 <= i) return new Event(from, i, uid(calendar.subList(from, i + 1)));
                from = -1;
            }
        }
        return null;
    }

    private static String uid(List<Line> event) {
        for (Line line : event) {
            Matcher m = UID.matcher(line.text());
            if (m.find() && !m.group(1).isBlank()) return m.group(1).trim();
        }
        return null;
    }

    static String join(List<Line> lines) {
        StringBuilder text = new StringBuilder();
        for (Line line : lines) text.append(line.text()).append("\r\n");
        return text.toString();
    }

    /** Whether the line is {@code BEGIN:<component>} or {@code END:<component>}, in the upper case {@link #lines} gives. */
    static boolean is(Line line, String keyword, String component) {
        String text = line.text();
        return text.length() == keyword.length() + 1 + component.length() && text.startsWith(keyword + ":") && text.endsWith(component);
    }

    private static String named(String line) {
        Matcher m = NAME.matcher(line);
        if (!m.find()) return line;
        String name = m.group(1).toUpperCase(Locale.ROOT);
        String rest = line.substring(m.end(1));
        // BEGIN and END name a component, which is a name too; any other value is the feed's own text.
        if (m.group(2).equals(":") && (name.equals("BEGIN") || name.equals("END"))) return name + rest.toUpperCase(Locale.ROOT).strip();
        return name + rest;
    }
}
