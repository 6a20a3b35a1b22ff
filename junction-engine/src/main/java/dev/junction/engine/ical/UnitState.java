package dev.junction.engine.ical;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One unit's feeds, by channel, and its open conflicts: what {@link UnitSync} needs between polls, and what
 * the export renders from. Stored as JSON ({@link IcalJson}).
 */
public record UnitState(String unit, Map<String, FeedState> feeds, List<String> openConflicts) {

    public UnitState {
        feeds = new TreeMap<>(feeds);
        openConflicts = List.copyOf(openConflicts);
    }

    public static UnitState initial(String unit) {
        return new UnitState(unit, Map.of(), List.of());
    }

    public FeedState feed(ChannelFeed feed) {
        FeedState state = feeds.get(feed.channel());
        return state != null ? state : FeedState.initial(feed);
    }

    UnitState with(FeedState feed, List<String> open) {
        Map<String, FeedState> next = new TreeMap<>(feeds);
        next.put(feed.channel(), feed);
        return new UnitState(unit, next, open);
    }
}
