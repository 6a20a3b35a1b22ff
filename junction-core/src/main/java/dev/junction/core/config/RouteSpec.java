package dev.junction.core.config;

import java.time.Duration;
import java.util.List;

/**
 * Every message from source {@code from} that the route's {@code when} takes is delivered to each
 * destination in {@code to}.
 *
 * @param ordering  optional per-key ordering of this route's deliveries, or null
 * @param when      which messages the route takes, or null for all of its source's
 * @param name      the route's name (unique among routes), or null
 * @param transform reshapes the body of this route's deliveries when they are sent, or null
 * @param enrich    fetches a related resource into the payload before the transform, or null
 * @param slo       how soon an event should reach the route's destinations, or null when none is stated; only
 *                  {@code junction check} reads it (a timeout longer than this cannot meet it)
 */
public record RouteSpec(String from, List<String> to, Ordering ordering, When when, String name, TransformSpec transform,
                        EnrichSpec enrich, Duration slo) {
    public RouteSpec {
        to = List.copyOf(to);
    }

    public RouteSpec(String from, List<String> to, Ordering ordering, When when, String name, TransformSpec transform) {
        this(from, to, ordering, when, name, transform, null, null);
    }

    public RouteSpec(String from, List<String> to, Ordering ordering, When when) {
        this(from, to, ordering, when, null, null, null, null);
    }

    public RouteSpec(String from, List<String> to, Ordering ordering) {
        this(from, to, ordering, null);
    }

    public RouteSpec(String from, List<String> to) {
        this(from, to, null, null);
    }

    /**
     * Deliveries whose messages share a key (a header, or a JSON pointer into the body) go to each
     * destination one at a time, in the order they were received. Messages without the key are unordered.
     *
     * @param skipDead   when false (the default) a dead delivery holds back its key until replayed or purged
     * @param ignoreCase keys that differ only in case, or in spaces around them, are one key (a sync's match keys:
     *                   {@code Ann@Example.com} and {@code ann@example.com } are one person, whose changes must not pass
     *                   each other)
     */
    public record Ordering(String header, String jsonPointer, boolean skipDead, boolean ignoreCase) {

        public Ordering(String header, String jsonPointer, boolean skipDead) {
            this(header, jsonPointer, skipDead, false);
        }

        /** The key as this ordering compares it. */
        public String key(String raw) {
            return ignoreCase && raw != null ? foldCase(raw) : raw;
        }

        /** A key with its case folded (lower case, locale-independent) and the spaces around it cut, as an ordering that ignores case keeps it. */
        public static String foldCase(String raw) {
            return withoutSpacesAround(raw).toLowerCase(java.util.Locale.ROOT);
        }

        /** {@code raw} without the spaces (U+0020 only, as SQL's {@code trim()}) before and after it. */
        public static String withoutSpacesAround(String raw) {
            int from = 0;
            int to = raw.length();
            while (from < to && raw.charAt(from) == ' ') from++;
            while (to > from && raw.charAt(to - 1) == ' ') to--;
            return raw.substring(from, to);
        }
    }

    /**
     * A route takes a message when its event type matches one of {@code types}, each an
     * {@link dev.junction.core.event.EventTypeGlob}; a message without a type matches none.
     */
    public record When(List<String> types) {
        public When {
            if (types == null || types.isEmpty()) throw new IllegalArgumentException("when.type must list at least one event type");
            types = List.copyOf(types);
        }
    }
}
