package dev.junction.server.config;

import dev.junction.core.config.IcalSpec;
import dev.junction.core.config.PollSpec;
import dev.junction.engine.ical.Preset;
import dev.junction.engine.ical.SyncSettings;
import dev.junction.server.config.YamlTree.Node;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Reads a source's {@code ical:} block into an {@link IcalSpec}; the rules' defaults are {@link SyncSettings}'. */
final class IcalReader {

    static final List<String> ICAL_KEYS = List.of("every", "export-token", "zone", "cancel-after-missing", "cancel-hold", "release-after", "release-hold",
            "mass-removal", "stale-after", "max-nights", "timeout", "units");
    private static final List<String> MASS_REMOVAL_KEYS = List.of("share", "minimum");
    private static final List<String> FEED_KEYS = List.of("url", "preset");
    private static final String PRESETS = Arrays.stream(Preset.values()).map(Preset::wire).collect(Collectors.joining(", "));

    private final Values values;

    IcalReader(Values values) {
        this.values = values;
    }

    IcalSpec read(Node node) {
        Section s = new Section(values, node, ICAL_KEYS);
        Node everyNode = s.require("every");
        Duration every = values.duration(everyNode);
        if (every.compareTo(PollSpec.MIN_EVERY) < 0) throw values.error(everyNode, "must be at least 1s");
        String token = s.requireString("export-token");
        // Short tokens are guessed; the export is a door without an admin key.
        if (token.length() < 16) throw values.error(s.get("export-token"), "must be at least 16 characters (e.g. openssl rand -hex 24)");
        ZoneId zone = s.has("zone") ? zone(s.get("zone")) : java.time.ZoneOffset.UTC;
        double share = SyncSettings.DEFAULT_MASS_REMOVAL_SHARE;
        int minimum = SyncSettings.DEFAULT_MASS_REMOVAL_MINIMUM;
        if (s.has("mass-removal")) {
            Section m = new Section(values, s.get("mass-removal"), MASS_REMOVAL_KEYS);
            share = m.decimal("share", share);
            if (!(share > 0 && share < 1)) throw values.error(m.get("share"), "must be between 0 and 1 (a share of the feed's bookings, e.g. 0.5)");
            minimum = m.integer("minimum", minimum, 0, 10_000);
        }
        Node units = s.require("units");
        int cancelAfter = s.integer("cancel-after-missing", SyncSettings.DEFAULT_CANCEL_AFTER_MISSING, 1, 1000);
        return new IcalSpec(every, token, zone, cancelAfter, s.durationOrZero("cancel-hold", SyncSettings.defaultCancelHold(every, cancelAfter)),
                s.integer("release-after", SyncSettings.DEFAULT_RELEASE_AFTER, 1, 1000),
                s.duration("release-hold", SyncSettings.DEFAULT_RELEASE_HOLD), share, minimum,
                s.duration("stale-after", SyncSettings.DEFAULT_STALE_AFTER), s.integer("max-nights", SyncSettings.DEFAULT_MAX_NIGHTS, 1, 10_000),
                s.duration("timeout", PollSpec.DEFAULT_TIMEOUT), units(units, zone));
    }

    private Map<String, IcalSpec.Unit> units(Node node, ZoneId sourceZone) {
        Map<String, IcalSpec.Unit> units = new LinkedHashMap<>();
        Map<String, String> feedsByUrl = new java.util.HashMap<>();
        Map<String, Node> entries = values.map(node).entries();
        if (entries.isEmpty()) throw values.error(node, "must name at least one unit, e.g. villa-1: { airbnb: { url: ..., preset: airbnb } }");
        for (Map.Entry<String, Node> e : entries.entrySet()) {
            // Names are parts of the export's path /ical/{source}/{unit}/{channel}.ics.
            if (!SourceReader.NAME.matcher(e.getKey()).matches()) {
                throw values.errorAtKey(e.getValue(), "unit name '" + e.getKey() + "' must match [a-z0-9][a-z0-9_-]* (it is part of the export's URL)");
            }
            units.put(e.getKey(), unit(e.getKey(), e.getValue(), sourceZone, feedsByUrl));
        }
        return units;
    }

    /** @param feedsByUrl every channel's URL read so far, to the channel's unit/channel name */
    private IcalSpec.Unit unit(String name, Node node, ZoneId sourceZone, Map<String, String> feedsByUrl) {
        ZoneId zone = sourceZone;
        Map<String, IcalSpec.Feed> channels = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : values.map(node).entries().entrySet()) {
            if (e.getKey().equals("zone")) {
                zone = zone(e.getValue());
                continue;
            }
            if (!SourceReader.NAME.matcher(e.getKey()).matches()) {
                throw values.errorAtKey(e.getValue(), "channel name '" + e.getKey() + "' must match [a-z0-9][a-z0-9_-]* (it is part of the export's URL)");
            }
            IcalSpec.Feed feed = feed(e.getKey(), e.getValue());
            // One calendar read as two channels would raise each of its bookings as an overbooking against itself (and a
            // pasted URL leaves the channel it was meant for unread). The URL is not shown: its query is often a secret.
            String first = feedsByUrl.putIfAbsent(feed.url(), name + "/" + e.getKey());
            if (first != null) {
                throw values.error(new Section(values, e.getValue(), FEED_KEYS).require("url"), "is the same URL as " + first
                        + "'s: each channel exports its own calendar (copy each channel's export link from that channel)");
            }
            channels.put(e.getKey(), feed);
        }
        if (channels.isEmpty()) throw values.error(node, "must list at least one channel, e.g. airbnb: { url: ..., preset: airbnb }");
        return new IcalSpec.Unit(name, zone, channels);
    }

    private IcalSpec.Feed feed(String channel, Node node) {
        Section s = new Section(values, node, FEED_KEYS);
        Node urlNode = s.require("url");
        String url = values.nonBlank(urlNode).strip();
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https")) || uri.getHost() == null) {
                throw values.error(urlNode, "must be an absolute http:// or https:// URL");
            }
        } catch (URISyntaxException e) {
            throw values.error(urlNode, "is not a valid URL");
        }
        // A channel named after a preset needs no preset line.
        String preset = s.has("preset") ? values.nonBlank(s.get("preset")).strip() : channel;
        try {
            return new IcalSpec.Feed(url, Preset.named(preset).wire());
        } catch (IllegalArgumentException e) {
            Node at = s.has("preset") ? s.get("preset") : s.node();
            throw s.has("preset") ? values.error(at, "unknown preset " + Values.show(at, preset) + " (one of: " + PRESETS + ")")
                    : values.errorAtKey(at, "missing key 'preset' (one of: " + PRESETS + "): the channel's name is not one");
        }
    }

    private ZoneId zone(Node node) {
        String text = values.nonBlank(node).strip();
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            throw values.error(node, Values.show(node, text) + " is not an IANA time zone (e.g. Europe/Berlin, America/New_York, UTC)");
        }
    }
}
