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
 * @param skipped     the events the last calendar read had that are no stay Junction can read ("uid: why", at most
 *                    {@link #SKIPPED_SHOWN}): a recurring event, DTEND not after DTSTART, a repeated UID... An operator
 *                    sees them in the feed's health, since their nights are blocked nowhere else
 */
public record FeedState(String unit, String channel, List<Booking> bookings, FeedHealth health, Instant firstPoll,
                        Instant lastSuccess, Instant lastFailure, String lastFailureReason, Instant staleSince, List<String> skipped) {

    /** How many skipped events a feed's state names. */
    public static final int SKIPPED_SHOWN = 10;

    public FeedState {
        bookings = List.copyOf(bookings);
        skipped = skipped == null ? List.of() : List.copyOf(skipped); // null in a state stored before there was one
    }

    public static FeedState initial(ChannelFeed feed) {
        return new FeedState(feed.unit(), feed.channel(), List.of(), FeedHealth.HEALTHY, null, null, null, null, null, List.of());
    }

    /** What the calendar just read skipped. */
    FeedState skipping(List<FeedReading.Skipped> problems) {
        List<String> named = problems.stream().limit(SKIPPED_SHOWN).map(FeedReading.Skipped::toString).toList();
        return new FeedState(unit, channel, bookings, health, firstPoll, lastSuccess, lastFailure, lastFailureReason, staleSince, named);
    }

    /**
     * An operator's word that the feed is right: held or not, its next calendar is taken as it is, with
     * no empty or mass-removal check (removals then still wait for cancel-after-missing polls).
     */
    public FeedState release() {
        return withHealth(FeedHealth.releasedByOperator(health));
    }

    FeedState withHealth(FeedHealth h) {
        return new FeedState(unit, channel, bookings, h, firstPoll, lastSuccess, lastFailure, lastFailureReason, staleSince, skipped);
    }

    FeedState polled(Instant now) {
        Instant first = firstPoll == null ? now : firstPoll;
        return new FeedState(unit, channel, bookings, health, first, lastSuccess, lastFailure, lastFailureReason, staleSince, skipped);
    }

    FeedState succeeded(List<Booking> next, Instant now) {
        return new FeedState(unit, channel, next, FeedHealth.HEALTHY, firstPoll == null ? now : firstPoll, now, lastFailure,
                lastFailureReason, null, skipped);
    }

    FeedState failed(String reason, Instant now) {
        return new FeedState(unit, channel, bookings, health, firstPoll == null ? now : firstPoll, lastSuccess, now, reason, staleSince, skipped);
    }

    FeedState staleFrom(Instant now) {
        return new FeedState(unit, channel, bookings, health, firstPoll, lastSuccess, lastFailure, lastFailureReason, now, skipped);
    }
}
