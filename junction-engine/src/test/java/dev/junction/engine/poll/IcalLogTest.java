package dev.junction.engine.poll;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.engine.ical.ChannelFeed;
import dev.junction.engine.ical.FeedParser;
import dev.junction.engine.ical.FeedState;
import dev.junction.engine.ical.Preset;
import dev.junction.engine.ical.SyncSettings;
import dev.junction.engine.ical.UnitState;
import dev.junction.engine.ical.UnitSync;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Nothing about a feed reached the gateway's log: held, taken again, failing for an hour. One line per change of state
 * now, never one per poll, and never the feed's URL. Driven poll by poll on a stepped clock.
 */
class IcalLogTest {

    private static final ChannelFeed FEED = new ChannelFeed("villa-1", "airbnb", Preset.AIRBNB, ZoneId.of("Europe/Berlin"));
    private static final Instant T0 = Instant.parse("2026-08-10T08:00:00Z");
    private static final String STAY = "BEGIN:VEVENT\r\nUID:a@airbnb.com\r\nSUMMARY:Reserved\r\nDTSTART;VALUE=DATE:20260901\r\nDTEND;VALUE=DATE:20260905\r\nEND:VEVENT\r\n";

    private final UnitSync sync = new UnitSync(SyncSettings.ofDefaults());
    private final FeedParser parser = new FeedParser(SyncSettings.ofDefaults());
    private UnitState unit = UnitState.initial("villa-1");
    private final List<String> lines = new ArrayList<>();

    private void answer(String body, Instant at) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        step(sync.poll(FEED, unit, parser.read("text/calendar", bytes, FEED.preset(), FEED.zone()), at));
    }

    private void fail(String reason, Instant at) {
        step(sync.failed(FEED, unit, reason, at));
    }

    private void step(UnitSync.UnitPoll poll) {
        FeedState before = unit.feed(FEED);
        unit = poll.state();
        IcalLog.lines("rentals", new IcalLog.Change(FEED, before, unit.feed(FEED))).forEach(l -> lines.add(l.level() + " " + l.text()));
    }

    private static String calendar(String events) {
        return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n" + events + "END:VCALENDAR\r\n";
    }

    private static Instant minutes(int n) {
        return T0.plus(Duration.ofMinutes(n));
    }

    @Test
    void aFeedHeldTakenAgainAndFailingForLongIsOneLineEachNotOnePerPoll() {
        answer(calendar(STAY), T0);
        answer(calendar(""), minutes(5));
        answer(calendar(""), minutes(10));
        answer("<html>login</html>", minutes(15));
        answer(calendar(STAY), minutes(20));
        for (int m = 25; m <= 60; m += 5) fail("HTTP 503", minutes(m));
        answer(calendar(STAY), minutes(65));

        assertThat(lines).containsExactly(
                "WARN rentals: feed villa-1/airbnb held as empty (no bookings where there were 1): its bookings are kept as they were",
                "WARN rentals: feed villa-1/airbnb held as not_a_calendar (an HTML or XML body): its bookings are kept as they were",
                "INFO rentals: feed villa-1/airbnb taken again (it was held as not_a_calendar)",
                "WARN rentals: feed villa-1/airbnb has had no calendar for 15m, failing: HTTP 503",
                "INFO rentals: feed villa-1/airbnb answers again, after 40m without a calendar");
    }

    @Test
    void aFeedThatFailsBrieflyIsNotLogged() {
        answer(calendar(STAY), T0);
        fail("timed out after 30s", minutes(5));
        fail("timed out after 30s", minutes(10));
        answer(calendar(STAY), minutes(15));

        assertThat(lines).isEmpty();
    }
}
