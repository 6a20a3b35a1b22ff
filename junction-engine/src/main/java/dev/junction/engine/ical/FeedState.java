package dev.junction.engine.ical;

import java.time.Instant;
import java.util.List;

/**
 * What Junction knows of one (unit, channel) feed between polls: the value the poll machinery stores
 * (as JSON, {@link IcalJson}) and hands back to the next poll.
 *
 * @param firstPoll   when the feed was first polled: a feed that never succeeded is stale from here
 * @param lastSuccess the last poll whose calendar was taken (healthy or released)
 * @param staleSince  when {@code feed.stale} was raised; null while fresh, so it is raised once
 */
public record FeedState(String unit, String channel, List<Booking> bookings, FeedHealth health, Instant firstPoll,
                        Instant lastSuccess, Instant lastFailure, String lastFailureReason, Instant staleSince) {

    public FeedState {
        bookings = List.copyOf(bookings);
    }

    public static FeedState initial(ChannelFeed feed) {
        return new FeedState(feed.unit(), feed.channel(), List.of(), FeedHealth.HEALTHY, null, null, null, null, null);
    }

    /**
     * An operator's word that the feed is right: held or not, its next calendar is taken as it is, with
     * no empty or mass-removal check (removals then still wait for cancel-after-missing polls).
     */
    public FeedState release() {
        return withHealth(FeedHealth.releasedByOperator());
    }

    FeedState withHealth(FeedHealth h) {
        return new FeedState(unit, channel, bookings, h, firstPoll, lastSuccess, lastFailure, lastFailureReason, staleSince);
    }

    FeedState polled(Instant now) {
        Instant first = firstPoll == null ? now : firstPoll;
        return new FeedState(unit, channel, bookings, health, first, lastSuccess, lastFailure, lastFailureReason, staleSince);
    }

    FeedState succeeded(List<Booking> next, Instant now) {
        return new FeedState(unit, channel, next, FeedHealth.HEALTHY, firstPoll == null ? now : firstPoll, now, lastFailure,
                lastFailureReason, null);
    }

    FeedState failed(String reason, Instant now) {
        return new FeedState(unit, channel, bookings, health, firstPoll == null ? now : firstPoll, lastSuccess, now, reason, staleSince);
    }

    FeedState staleFrom(Instant now) {
        return new FeedState(unit, channel, bookings, health, firstPoll, lastSuccess, lastFailure, lastFailureReason, now);
    }
}
