package dev.junction.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Deliveries that gave up: replayed (same id, same webhook-id) or purged.
 * Every method is one transaction; time is passed in; a method that returns has committed durably.
 */
public interface DeadLetters {

    /** Dead letters oldest first (a queue), after {@code afterId} when given. */
    List<DeliveryView> deadLetters(Optional<String> destination, Optional<String> afterId, int limit);

    /** Moves a dead delivery back to PENDING, due now; its id and message (so its webhook-id) are kept. */
    boolean replay(String deliveryId, Instant now);

    /**
     * Sends a delivery again whatever it came to, as {@link #replay} does a dead one: a succeeded, dead or pending delivery
     * goes back to PENDING, due now, with a fresh retry budget; its id and message (so its webhook-id) are kept. False
     * when it is in flight (its attempt's outcome is not known yet) or does not exist.
     */
    boolean resend(String deliveryId, Instant now);

    /** Replays every dead delivery of a destination; returns how many. */
    default int replayAll(String destination, Instant now) {
        return replayDead(DeadLetterFilter.ofDestination(destination), now);
    }

    /** Replays the dead letters matching {@code filter} (oldest first, up to its limit) as {@link #replay} does; returns how many. */
    int replayDead(DeadLetterFilter filter, Instant now);

    /**
     * Replays the dead letters matching {@code filter} as {@link #replayDead(DeadLetterFilter, Instant)} does, but to the
     * destination {@code to}: for the work of a destination removed or renamed. Each keeps its id and message (so its
     * webhook-id, which the receiver dedupes on); its attempts stay in its history. One whose message already has a
     * delivery at {@code to} (say, a second removed destination replayed there before) stays dead where it is, and is
     * counted apart: it would be sent there twice.
     */
    ReplayedTo replayDeadTo(DeadLetterFilter filter, String to, Instant now);

    /** What {@link #replayDeadTo} did: how many it replayed, and how many it left dead because their message is already there. */
    record ReplayedTo(int replayed, int alreadyThere) {}

    /** Deletes one dead delivery and its attempts; false when it is not dead. */
    boolean purgeDeadLetter(String deliveryId);

    /** Deletes every dead delivery (of one destination, if given) and their attempts; returns how many. */
    int purgeDeadLetters(Optional<String> destination);
}
