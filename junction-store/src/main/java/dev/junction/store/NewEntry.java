package dev.junction.store;

import java.util.List;

/** A message about to be appended with its planned deliveries, in a batch another write commits with. */
public record NewEntry(NewMessage message, List<PlannedDelivery> deliveries) {
    public NewEntry {
        deliveries = List.copyOf(deliveries);
    }
}
