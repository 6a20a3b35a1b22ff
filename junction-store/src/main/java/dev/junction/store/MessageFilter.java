package dev.junction.store;

import dev.junction.core.model.DeliveryState;
import java.time.Instant;

/**
 * Which messages to find; a null component matches everything.
 *
 * @param deliveryState  a message matches when any of its deliveries is in this state
 * @param receivedAfter  received at or after this instant
 * @param receivedBefore received strictly before this instant
 * @param eventType      an {@link dev.junction.core.event.EventTypeGlob}: an exact type, or a pattern with {@code *}
 */
public record MessageFilter(String source, String dedupeKey, DeliveryState deliveryState, Instant receivedAfter, Instant receivedBefore,
                            String eventType) {

    public static final MessageFilter ALL = new MessageFilter(null, null, null, null, null, null);

    public MessageFilter source(String source) { return new MessageFilter(source, dedupeKey, deliveryState, receivedAfter, receivedBefore, eventType); }
    public MessageFilter dedupeKey(String key) { return new MessageFilter(source, key, deliveryState, receivedAfter, receivedBefore, eventType); }
    public MessageFilter deliveryState(DeliveryState state) { return new MessageFilter(source, dedupeKey, state, receivedAfter, receivedBefore, eventType); }
    public MessageFilter receivedAfter(Instant at) { return new MessageFilter(source, dedupeKey, deliveryState, at, receivedBefore, eventType); }
    public MessageFilter receivedBefore(Instant at) { return new MessageFilter(source, dedupeKey, deliveryState, receivedAfter, at, eventType); }
    public MessageFilter eventType(String glob) { return new MessageFilter(source, dedupeKey, deliveryState, receivedAfter, receivedBefore, glob); }
}
