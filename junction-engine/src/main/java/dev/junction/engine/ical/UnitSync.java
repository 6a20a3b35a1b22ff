package dev.junction.engine.ical;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A unit's sync: each poll of one of its feeds runs {@link FeedSync}, then {@link ConflictWatch} over all of
 * the unit's feeds, so an overbooking is raised on the poll that creates it. The poll machinery calls one
 * of these per poll and stores the returned state with the returned events, in one transaction.
 */
public final class UnitSync {

    /** The events of one poll, in order, and the unit's next state. */
    public record UnitPoll(List<IcalEvent> events, UnitState state) {
        public UnitPoll {
            events = List.copyOf(events);
        }
    }

    private final FeedSync feeds;

    public UnitSync(SyncSettings settings) {
        this.feeds = new FeedSync(settings);
    }

    public UnitPoll poll(ChannelFeed feed, UnitState unit, FeedReading reading, Instant now) {
        return conflicts(unit, feeds.poll(feed, unit.feed(feed), reading, now));
    }

    public UnitPoll failed(ChannelFeed feed, UnitState unit, String reason, Instant now) {
        return conflicts(unit, feeds.failed(feed, unit.feed(feed), reason, now));
    }

    /** The operator's release of a held feed (the admin API's call): its next calendar is taken. */
    public UnitState release(ChannelFeed feed, UnitState unit) {
        return unit.with(unit.feed(feed).release(), unit.openConflicts());
    }

    private UnitPoll conflicts(UnitState unit, FeedPoll poll) {
        UnitState next = unit.with(poll.state(), unit.openConflicts());
        ConflictWatch.Check check = ConflictWatch.check(unit.unit(), next.feeds().values(), unit.openConflicts());
        List<IcalEvent> events = new ArrayList<>(poll.events());
        events.addAll(check.events());
        return new UnitPoll(events, next.with(poll.state(), check.open()));
    }
}
