package dev.junction.engine.ical;

import com.fasterxml.jackson.annotation.JsonValue;

/** Why a feed is held: each is a way a feed has been seen to lie while answering 200. */
public enum SuspectReason {
    /** Zero bookings where the last healthy poll had live ones. */
    EMPTY("empty"),
    /** Lost more than the configured share and count of its live bookings at once. */
    MASS_REMOVAL("mass_removal"),
    /** HTML, JSON, the wrong content type or no VCALENDAR. */
    NOT_A_CALENDAR("not_a_calendar"),
    /** A calendar that could not be parsed (truncated, garbled). */
    UNPARSEABLE("unparseable");

    private final String wire;

    SuspectReason(String wire) {
        this.wire = wire;
    }

    /**
     * Whether an operator can release a feed held for this: a release takes the next calendar as it is, which is only
     * something when the answer is a calendar. A body that is no calendar, or does not parse, is held again by the very
     * next poll; it is fixed where the feed is served, and its next readable calendar is judged as usual.
     */
    public boolean releasable() {
        return this == EMPTY || this == MASS_REMOVAL;
    }

    /** The name in payloads, state and the admin API. */
    @JsonValue
    public String wire() {
        return wire;
    }
}
