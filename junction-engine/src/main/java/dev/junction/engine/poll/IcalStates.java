package dev.junction.engine.poll;

import dev.junction.core.config.IcalSpec;
import dev.junction.engine.ical.ChannelFeed;
import dev.junction.engine.ical.IcalJson;
import dev.junction.engine.ical.Preset;
import dev.junction.engine.ical.SyncSettings;
import dev.junction.engine.ical.UnitState;
import dev.junction.store.SnapshotItem;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where an iCal source keeps its units between polls: in the poll snapshot (PollStates), one item per unit under
 * {@code unit/<name>} holding its {@link UnitState} as JSON, so a poll's events and its states commit together as a
 * JSON poll's items do. The source's configuration is read into the domain's types here, once.
 */
public final class IcalStates {

    static final String UNIT_KEY = "unit/";

    private IcalStates() {}

    /** The units' states in a snapshot, by unit name; a unit never polled is absent. */
    public static Map<String, UnitState> units(Map<String, SnapshotItem> snapshot) {
        Map<String, UnitState> units = new LinkedHashMap<>();
        for (SnapshotItem item : snapshot.values()) {
            if (item.key().startsWith(UNIT_KEY)) units.put(item.key().substring(UNIT_KEY.length()),
                    IcalJson.unitState(item.json().getBytes(StandardCharsets.UTF_8)));
        }
        return units;
    }

    /** A unit's state as a snapshot item: the content hash tells an unchanged one. */
    static SnapshotItem item(UnitState state) {
        byte[] json = IcalJson.write(state);
        return new SnapshotItem(UNIT_KEY + state.unit(), HexFormat.of().formatHex(ListingReader.sha256().digest(json)),
                new String(json, StandardCharsets.UTF_8));
    }

    /**
     * The source's overbookings open now, in its units as configured, between channels still configured (a channel
     * taken out of the config keeps its bookings in the snapshot, but no longer conflicts): what the admin API lists and
     * the gauge counts.
     */
    public static java.util.List<dev.junction.engine.ical.IcalEvent.BookingConflict> openConflicts(IcalSpec ical, Map<String, UnitState> units) {
        java.util.List<dev.junction.engine.ical.IcalEvent.BookingConflict> open = new java.util.ArrayList<>();
        ical.units().forEach((name, unit) -> {
            UnitState u = units.get(name);
            if (u != null) open.addAll(dev.junction.engine.ical.ConflictWatch.open(u.only(unit.channels().keySet())));
        });
        return open;
    }

    public static SyncSettings settings(IcalSpec spec) {
        return new SyncSettings(spec.cancelAfterMissing(), spec.cancelHold(), spec.massRemovalShare(), spec.massRemovalMinimum(), spec.releaseAfter(),
                spec.releaseHold(), spec.maxNights(), spec.staleAfter());
    }

    public static ChannelFeed feed(IcalSpec.Unit unit, String channel) {
        return new ChannelFeed(unit.name(), channel, Preset.named(unit.channels().get(channel).preset()), unit.zone());
    }
}
