package dev.junction.store;

import java.time.Instant;

/**
 * Unfinished work of one destination: deliveries waiting (of which {@code due} could be sent now), in
 * flight, and dead; {@code oldestDueAt} is when the longest-waiting due delivery became due, or null.
 */
public record DestinationBacklog(String destination, long pending, long due, long inFlight, long dead, Instant oldestDueAt) {

    public static DestinationBacklog empty(String destination) {
        return new DestinationBacklog(destination, 0, 0, 0, 0, null);
    }
}
