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

    /**
     * The state of the channels still configured: a channel taken out of the config is exported to no other channel
     * and counts in no conflict, as a unit taken out leaves the snapshot.
     */
    public UnitState only(java.util.Collection<String> channels) {
        if (channels.containsAll(feeds.keySet())) return this;
        Map<String, FeedState> kept = new TreeMap<>(feeds);
        kept.keySet().retainAll(channels);
        return new UnitState(unit, kept, openConflicts);
    }

    UnitState with(FeedState feed, List<String> open) {
        Map<String, FeedState> next = new TreeMap<>(feeds);
        next.put(feed.channel(), feed);
        return new UnitState(unit, next, open);
    }
}
