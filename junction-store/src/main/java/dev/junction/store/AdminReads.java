package dev.junction.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the admin API, the dashboard and the CLI read: messages, deliveries, attempts, activity and counts.
 * Every method is one transaction; time is passed in; a method that returns has committed durably.
 */
public interface AdminReads {

    /** Deliveries matching {@code filter}, one keyset page ordered by id. */
    List<DeliveryView> deliveries(DeliveryFilter filter, PageRequest page);

    /**
     * Whether the store holds any delivery to {@code destination}: a name the config no longer has (removed, renamed)
     * that still has work, as opposed to a typo (the admin API and the CLI refuse those alike).
     */
    default boolean deliveredTo(String destination) {
        return !deliveries(DeliveryFilter.ALL.destination(destination), PageRequest.newestFirst(null, 1)).isEmpty();
    }

    /** Messages matching {@code filter}, one keyset page ordered by id, each with its deliveries counted by state. */
    List<MessageSummary> messages(MessageFilter filter, PageRequest page);

    /** Messages received, attempts made and deliveries that died since {@code since}, by source and destination. */
    Activity activity(Instant since);

    /**
     * {@code query}'s buckets, oldest first: messages received, attempts by outcome with their latency, deliveries
     * that died, and the backlog at each bucket's end (see {@link SeriesBucket}). Reads only what happened from
     * the series' start on: the backlog is counted back from the backlog now.
     */
    List<SeriesBucket> series(SeriesQuery query);

    Optional<DeliveryView> delivery(String deliveryId);

    List<DeliveryView> deliveriesOf(String messageId);

    Optional<StoredMessage> message(String messageId);

    List<AttemptRecord> attempts(String deliveryId);

    StoreStats stats();

    /**
     * Unfinished deliveries per destination (pending, due at {@code now}, in flight, dead), read from the
     * partial indexes; destinations with none are left out.
     */
    List<DestinationBacklog> backlog(Instant now);
}
