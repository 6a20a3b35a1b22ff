package dev.junction.engine.ical;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/** The OTA-shaped feeds under src/test/resources/ical, read as the poll machinery would hand them over. */
final class Fixtures {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final Instant NOW = Instant.parse("2026-08-10T08:00:00Z");
    static final SyncSettings SETTINGS = SyncSettings.ofDefaults();
    static final FeedParser PARSER = new FeedParser(SETTINGS);
    static final ChannelFeed AIRBNB = new ChannelFeed("villa-1", "airbnb", Preset.AIRBNB, BERLIN);
    static final ChannelFeed BOOKING = new ChannelFeed("villa-1", "booking", Preset.BOOKING, BERLIN);
    static final ChannelFeed VRBO = new ChannelFeed("villa-1", "vrbo", Preset.VRBO, BERLIN);
    static final ChannelFeed PMS = new ChannelFeed("villa-1", "pms", Preset.GENERIC, BERLIN);

    private Fixtures() {}

    static byte[] bytes(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/ical/" + name)) {
            if (in == null) throw new IllegalArgumentException("no fixture " + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static FeedReading read(ChannelFeed feed, String name) {
        String type = name.endsWith(".html") ? "text/html; charset=utf-8" : "text/calendar; charset=utf-8";
        return PARSER.read(type, bytes(name), feed.preset(), feed.zone());
    }

    static FeedReading.Calendar calendar(ChannelFeed feed, String name) {
        return (FeedReading.Calendar) read(feed, name);
    }

    static LocalDate d(String iso) {
        return LocalDate.parse(iso);
    }

    static Instant days(int n) {
        return NOW.plus(java.time.Duration.ofDays(n));
    }
}
