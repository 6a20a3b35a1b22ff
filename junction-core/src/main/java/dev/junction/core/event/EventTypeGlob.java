package dev.junction.core.event;

import java.util.List;

/**
 * A pattern of event types: {@code *} matches any run of characters, dots included (so
 * {@code charge.*} takes {@code charge.dispute.created}); every other character matches itself, case
 * and all. Without a {@code *} it is an exact type.
 */
public final class EventTypeGlob {

    private final String glob;
    /** The literal runs between the stars: a match starts with the first, ends with the last, holds the rest in order. */
    private final String[] parts;

    private EventTypeGlob(String glob) {
        this.glob = glob;
        this.parts = glob.split("\\*", -1);
    }

    /** @throws IllegalArgumentException when {@code glob} is null or blank */
    public static EventTypeGlob of(String glob) {
        if (glob == null || glob.isBlank()) {
            throw new IllegalArgumentException("an event type pattern must be a non-empty string, but was " + (glob == null ? "null" : "'" + glob + "'"));
        }
        return new EventTypeGlob(glob);
    }

    /**
     * Why {@code glob} (not blank) is no pattern worth keeping, after it is quoted ({@code "a b" contains a space; ...}),
     * or null: one that could never match, or that does not mean what it seems to. The rule of a route's
     * {@code when.type} and an outbound endpoint's {@code filter_types} alike.
     */
    public static String problem(String glob) {
        // "a.*, b.*" in one string would match neither: event types have no spaces, so say how to list them.
        if (glob.chars().anyMatch(Character::isWhitespace)) return "contains a space; event types have none (list several as [a.*, b.*])";
        // Not a glob star: '*' alone already crosses dots, and '**' reads as if it meant something more.
        if (glob.contains("**")) return "has two stars in a row; one * matches any run of characters, dots included";
        return null;
    }

    /** Each of {@code globs}, in order. */
    public static List<EventTypeGlob> all(List<String> globs) {
        return globs.stream().map(EventTypeGlob::of).toList();
    }

    /** Whether any of {@code globs} matches {@code type}; never for a null type. */
    public static boolean anyMatches(List<EventTypeGlob> globs, String type) {
        for (EventTypeGlob g : globs) if (g.matches(type)) return true;
        return false;
    }

    public boolean isExact() {
        return parts.length == 1;
    }

    /** Whether {@code type} matches; an event without a type (null) matches no pattern. */
    public boolean matches(String type) {
        if (type == null) return false;
        if (isExact()) return glob.equals(type);
        String first = parts[0];
        String last = parts[parts.length - 1];
        if (type.length() < first.length() + last.length() || !type.startsWith(first) || !type.endsWith(last)) return false;
        // Taking each middle run at its earliest place leaves the most room for the rest: enough for '*' alone.
        int at = first.length();
        int end = type.length() - last.length();
        for (int i = 1; i < parts.length - 1; i++) {
            int found = type.indexOf(parts[i], at);
            if (found < 0 || found + parts[i].length() > end) return false;
            at = found + parts[i].length();
        }
        return true;
    }

    /** The pattern as written. */
    public String glob() {
        return glob;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EventTypeGlob other && other.glob.equals(glob);
    }

    @Override
    public int hashCode() {
        return glob.hashCode();
    }

    @Override
    public String toString() {
        return glob;
    }
}
