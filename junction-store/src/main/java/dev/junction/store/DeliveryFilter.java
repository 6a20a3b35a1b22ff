package dev.junction.store;

import dev.junction.core.model.DeliveryState;

/** Which deliveries to list; a null component matches everything. */
public record DeliveryFilter(String destination, String source, DeliveryState state) {

    public static final DeliveryFilter ALL = new DeliveryFilter(null, null, null);

    public DeliveryFilter destination(String destination) { return new DeliveryFilter(destination, source, state); }
    public DeliveryFilter source(String source) { return new DeliveryFilter(destination, source, state); }
    public DeliveryFilter state(DeliveryState state) { return new DeliveryFilter(destination, source, state); }
}
