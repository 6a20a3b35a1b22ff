package dev.junction.engine.ical;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;

/**
 * One configured feed: a unit's calendar on one channel, read with that channel's preset. Dates are
 * the unit's: "today" (has a stay ended?) and UTC times in a feed are both taken in {@code zone}.
 */
public record ChannelFeed(String unit, String channel, Preset preset, ZoneId zone) {
    public ChannelFeed {
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(preset, "preset");
        Objects.requireNonNull(zone, "zone");
    }

    public LocalDate today(Instant now) {
        return LocalDate.ofInstant(now, zone);
    }
}
