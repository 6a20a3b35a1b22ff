package dev.junction.store;

import dev.junction.core.model.DeliveryState;
import java.time.Instant;

/**
 * Which messages to find; a null component matches everything.
 *
 * @param deliveryState  a message matches when any of its deliveries is in this state
 * @param receivedAfter  received at or after this instant
 * @param receivedBefore received strictly before this instant
 */
public record MessageFilter(String source, String dedupeKey, DeliveryState deliveryState, Instant receivedAfter, Instant receivedBefore) {

    public static final MessageFilter ALL = new MessageFilter(null, null, null, null, null);

    public MessageFilter source(String source) { return new MessageFilter(source, dedupeKey, deliveryState, receivedAfter, receivedBefore); }
    public MessageFilter dedupeKey(String key) { return new MessageFilter(source, key, deliveryState, receivedAfter, receivedBefore); }
    public MessageFilter deliveryState(DeliveryState state) { return new MessageFilter(source, dedupeKey, state, receivedAfter, receivedBefore); }
    public MessageFilter receivedAfter(Instant at) { return new MessageFilter(source, dedupeKey, deliveryState, at, receivedBefore); }
    public MessageFilter receivedBefore(Instant at) { return new MessageFilter(source, dedupeKey, deliveryState, receivedAfter, at); }
}
