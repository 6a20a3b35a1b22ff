package dev.junction.engine.ical;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Each channel's habits: which of its VEVENTs are bookings and which are blocks, and where it shows the
 * booking's confirmation code. Written from the channels' observed export formats (docs/ical.md).
 */
public enum Preset {
    /**
     * {@code SUMMARY:Reserved} is a booking, with the reservation URL (ending in the HM... code) in
     * DESCRIPTION. {@code Airbnb (Not available)} is a host block or the advance-notice and booking-horizon
     * window, which moves forward every day: never a booking.
     */
    AIRBNB("airbnb", Pattern.compile("\\b(HM[A-Z0-9]{8})\\b")) {
        @Override
        boolean isBooking(String summary, String description) {
            return summary.equalsIgnoreCase("Reserved") || (!summary.contains("Not available") && code(description) != null);
        }
    },
    /**
     * Booking.com closes every sold or closed night alike, {@code CLOSED - Not available} or
     * {@code CLOSED - <guest>}, dates only and no code: each is busy, so each is a booking.
     */
    BOOKING("booking", null) {
        @Override
        boolean isBooking(String summary, String description) {
            return true;
        }
    },
    /** {@code Reserved - <guest>} is a booking with its {@code HA-} code; {@code Blocked} is the owner's block. */
    VRBO("vrbo", Pattern.compile("\\b((?:VRB-)?HA-[A-Z0-9]{6,10})\\b")) {
        @Override
        boolean isBooking(String summary, String description) {
            return !summary.toLowerCase(Locale.ROOT).startsWith("blocked");
        }
    },
    /** Any other calendar: every busy event is a booking. */
    GENERIC("generic", null) {
        @Override
        boolean isBooking(String summary, String description) {
            return true;
        }
    };

    private final String wire;
    private final Pattern codePattern;

    Preset(String wire, Pattern codePattern) {
        this.wire = wire;
        this.codePattern = codePattern;
    }

    /** Whether a busy VEVENT of this channel holds a guest's stay (true) or is a block (false). */
    abstract boolean isBooking(String summary, String description);

    /** The platform's confirmation code in the event's text, or null where the channel shows none. */
    String code(String text) {
        if (codePattern == null || text == null) return null;
        Matcher m = codePattern.matcher(text);
        return m.find() ? m.group(1) : null;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    public static Preset named(String name) {
        for (Preset p : values()) if (p.wire.equalsIgnoreCase(name)) return p;
        throw new IllegalArgumentException("preset must be one of " + Arrays.stream(values()).map(Preset::wire)
                .collect(Collectors.joining(", ")) + ", but was " + name);
    }
}
