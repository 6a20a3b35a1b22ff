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

    /** The name in payloads, state and the admin API. */
    @JsonValue
    public String wire() {
        return wire;
    }
}
