package dev.junction.store;

import java.util.List;
import java.util.function.Supplier;

/**
 * The log every door appends to (webhooks today; pollers and the publish API next): a message and its
 * planned deliveries, stored in one transaction. A method that returns has committed durably.
 */
public interface EventLog {

    /**
     * Stores a message and one delivery per planned destination, in one transaction, unless a message
     * from the same source with the same dedupe key exists: then nothing is written and the original's
     * id is returned as a duplicate. A planned delivery with a {@link PlannedDelivery.Lease} is stored
     * IN_FLIGHT, leased to its owner, and returned in {@link IngestOutcome#leased()} (unless it has an
     * ordering key or its destination or source is paused: then it waits PENDING like the rest).
     */
    IngestOutcome append(NewMessage message, List<PlannedDelivery> deliveries, Supplier<String> deliveryIds);
}
