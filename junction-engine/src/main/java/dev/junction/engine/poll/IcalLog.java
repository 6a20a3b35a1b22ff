package dev.junction.engine.poll;

import dev.junction.core.explain.DurationText;
import dev.junction.engine.ical.ChannelFeed;
import dev.junction.engine.ical.FeedHealth;
import dev.junction.engine.ical.FeedState;
import dev.junction.engine.ical.IcalEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * What a committed iCal poll changed that an operator should read in the gateway's log, one line per change of state,
 * never one per poll: an overbooking opened; a feed held (again when the reason changes), taken again, failing for
 * {@link #FAILING_TOLD_AFTER} without a calendar. Lines name the source, unit, channels and nights: never a feed's URL
 * (its query is the channel's secret), a guest's name or a confirmation code.
 */
final class IcalLog {

    /** How long a feed fails, without a calendar taken, before the log says so (once). */
    static final Duration FAILING_TOLD_AFTER = Duration.ofMinutes(15);

    private static final Logger log = LoggerFactory.getLogger(IcalLog.class);

    /** One feed's state before and after a poll. */
    record Change(ChannelFeed feed, FeedState before, FeedState after) {}

    /** A line to log. */
    record Line(Level level, String text) {}

    private IcalLog() {}

    /** The poll's events and its feeds' changes, once its commit landed. */
    static void committed(String source, List<IcalEvent> events, List<Change> changes) {
        for (IcalEvent e : events) {
            if (e instanceof IcalEvent.BookingConflict c && c.bookings().size() == 2) {
                IcalEvent.BookingRef a = c.bookings().get(0);
                IcalEvent.BookingRef b = c.bookings().get(1);
                log.warn("{}: overbooking on {}: {} ({}) and {} ({}) both hold {}..{} ({} night(s)); GET /api/v1/sources/{}/conflicts lists it",
                        source, c.unit(), a.channel(), a.bookingKey(), b.channel(), b.bookingKey(), c.overlap().start(), c.overlap().end(),
                        c.overlap().nights(), source);
            }
        }
        for (Change change : changes) {
            for (Line line : lines(source, change)) log.atLevel(line.level()).log(line.text());
        }
    }

    static void released(String source, ChannelFeed feed, FeedHealth held) {
        log.info("{}: feed {}/{} released by an operator (it was held as {}): its next calendar is taken as it is", source, feed.unit(),
                feed.channel(), held.reason().wire());
    }

    /** What one feed's change says, if anything: at most one line. */
    static List<Line> lines(String source, Change change) {
        FeedState before = change.before();
        FeedState after = change.after();
        String name = source + ": feed " + change.feed().unit() + "/" + change.feed().channel();
        List<Line> lines = new ArrayList<>();
        FeedHealth was = before.health();
        FeedHealth is = after.health();
        if (is.suspect() && (!was.suspect() || was.reason() != is.reason())) {
            lines.add(new Line(Level.WARN, name + " held as " + is.reason().wire() + " (" + is.detail() + "): its bookings are kept as they were"));
        } else if (failingLong(after) && !failingLong(before)) {
            lines.add(new Line(Level.WARN, name + " has had no calendar for " + DurationText.of(failingFor(after)) + ", failing: "
                    + after.lastFailureReason()));
        } else if (taken(before, after) && was.suspect()) {
            lines.add(new Line(Level.INFO, name + " taken again (it was held as " + was.reason().wire() + ")"));
        } else if (taken(before, after) && failingLong(before)) {
            lines.add(new Line(Level.INFO, name + " answers again, after " + DurationText.of(failingFor(before)) + " without a calendar"));
        }
        return lines;
    }

    private static boolean taken(FeedState before, FeedState after) {
        return after.lastSuccess() != null && !after.lastSuccess().equals(before.lastSuccess());
    }

    private static boolean failingLong(FeedState state) {
        Duration d = failingFor(state);
        return d != null && d.compareTo(FAILING_TOLD_AFTER) >= 0;
    }

    /** From its last calendar taken (or first poll) to its latest failure, while it fails; null when it does not. */
    private static Duration failingFor(FeedState state) {
        Instant failed = state.lastFailure();
        if (failed == null || state.lastSuccess() != null && !failed.isAfter(state.lastSuccess())) return null;
        Instant from = state.lastSuccess() != null ? state.lastSuccess() : state.firstPoll();
        return from == null ? null : Duration.between(from, failed);
    }
}
