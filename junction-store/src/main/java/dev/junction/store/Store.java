package dev.junction.store;

/**
 * The durable log and the delivery queue in one database, as all its roles at once. Code that uses
 * a store depends on the roles it needs ({@link EventLog}, {@link DeliveryQueue}, {@link DeadLetters},
 * {@link AdminReads}, {@link ApiKeyStore}, {@link OutboundApps}, {@link EventTypes}, {@link IdempotencyKeys}, {@link PollStates}, {@link SyncStates}, {@link SyntheticStates}, {@link Pruning});
 * only what opens and closes the database holds a whole {@code Store}. Every method is one transaction; time is
 * passed in, so callers decide the clock. A method that returns has committed durably.
 */
public interface Store extends EventLog, DeliveryQueue, DeadLetters, AdminReads, ApiKeyStore, Pruning, OutboundApps, EventTypes,
        IdempotencyKeys, SigningKeys, PollStates, SyncStates, SyncReconciliations, SyntheticStates, AutoCloseable {

    /** True when the database answers a trivial query. */
    boolean ping();

    @Override
    void close();
}
