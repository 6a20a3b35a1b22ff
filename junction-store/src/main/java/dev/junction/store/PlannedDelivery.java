package dev.junction.store;

/**
 * A delivery to create with a message.
 *
 * @param orderingKey  deliveries of one key to one destination go one at a time, in order; null for none
 * @param skipDeadOnKey when true a dead delivery does not hold back the rest of its key
 */
public record PlannedDelivery(String destination, String orderingKey, boolean skipDeadOnKey) {
    public static PlannedDelivery unordered(String destination) {
        return new PlannedDelivery(destination, null, false);
    }
}
