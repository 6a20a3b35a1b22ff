package dev.junction.engine.ical;

import java.util.List;

/** What one poll of a feed produced: the messages to emit and the state to store, in one transaction. */
public record FeedPoll(List<IcalEvent> events, FeedState state) {
    public FeedPoll {
        events = List.copyOf(events);
    }
}
