package dev.junction.store.jdbc;

import dev.junction.store.ApiKey;
import dev.junction.store.ApiKeyStore;
import dev.junction.store.App;
import dev.junction.store.Endpoint;
import dev.junction.store.EventType;
import dev.junction.store.EventTypes;
import dev.junction.store.IdempotencyKeys;
import dev.junction.store.IdempotencyRecord;
import dev.junction.store.IngestOutcome;
import dev.junction.store.NewEntry;
import dev.junction.store.OutboundApps;
import dev.junction.store.PageRequest;
import dev.junction.store.PollCommit;
import dev.junction.store.PollRecord;
import dev.junction.store.PollState;
import dev.junction.store.PollStates;
import dev.junction.store.SigningKeys;
import dev.junction.store.SnapshotItem;
import dev.junction.store.SyncStates;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The roles beside the pipeline's log and queue, each handed to its table class: API keys
 * ({@link ApiKeyTable}), outbound applications and endpoints ({@link AppTable}), event types
 * ({@link EventTypeTable}), idempotency keys ({@link IdempotencyTable}), signing keys
 * ({@link SigningKeyTable}), polled sources ({@link PollTables}), synthetic probes ({@link SyntheticTables}) and
 * two-way syncs ({@link SyncTables}). {@link JdbcStore} adds the log and the queue.
 */
abstract sealed class SideTables implements ApiKeyStore, OutboundApps, EventTypes, IdempotencyKeys, SigningKeys, PollStates,
        SyncStates, dev.junction.store.SyncReconciliations, dev.junction.store.SyntheticStates permits JdbcStore {

    private final ApiKeyTable keyTable;
    private final AppTable apps;
    private final EventTypeTable eventTypes;
    private final IdempotencyTable idempotency;
    private final SigningKeyTable signingKeys;
    private final PollTables polls;
    private final SyncTables syncs;
    private final SyncReviewTables syncReviews;
    private final ReconciliationTables reconciliations;
    private final SyntheticTables synthetics;

    SideTables(Transactions tx, AppendWrites appends) {
        this.keyTable = new ApiKeyTable(tx);
        this.apps = new AppTable(tx);
        this.eventTypes = new EventTypeTable(tx);
        this.idempotency = new IdempotencyTable(tx);
        this.signingKeys = new SigningKeyTable(tx);
        this.polls = new PollTables(tx, appends);
        this.syncs = new SyncTables(tx, appends);
        this.syncReviews = new SyncReviewTables(tx, appends);
        this.reconciliations = new ReconciliationTables(tx);
        this.synthetics = new SyntheticTables(tx);
    }

    /** Part of {@link dev.junction.store.Pruning}, which {@link JdbcStore} implements. */
    public int prunePollRecords(Instant startedBefore, int batchSize) { return polls.prune(startedBefore, batchSize); }

    /** Part of {@link dev.junction.store.Pruning}, which {@link JdbcStore} implements. */
    public int pruneIdempotencyKeys(Instant now, int batchSize) { return idempotency.prune(now, batchSize); }

    @Override
    public boolean createApiKey(ApiKey key, String keyHash) { return keyTable.create(key, keyHash); }

    @Override
    public Optional<ApiKey> apiKeyByHash(String keyHash) { return keyTable.byHash(keyHash); }

    @Override
    public List<ApiKey> apiKeys() { return keyTable.all(); }

    @Override
    public boolean revokeApiKey(String name, Instant now) { return keyTable.revoke(name, now); }

    @Override
    public void apiKeyUsed(String name, Instant at) { keyTable.used(name, at); }

    // Outbound applications and endpoints

    @Override
    public boolean createApp(App app) { return apps.createApp(app); }

    @Override
    public Optional<App> app(String idOrUid) { return apps.app(idOrUid); }

    @Override
    public List<App> apps(String afterId, int limit) { return apps.apps(afterId, limit); }

    @Override
    public boolean deleteApp(String appId) { return apps.deleteApp(appId); }

    @Override
    public void createEndpoint(Endpoint endpoint) { apps.createEndpoint(endpoint); }

    @Override
    public Optional<Endpoint> endpoint(String endpointId) { return apps.endpoint(endpointId); }

    @Override
    public List<Endpoint> endpoints(String appId) { return apps.endpoints(appId); }

    @Override
    public boolean updateEndpoint(Endpoint endpoint, Instant now) { return apps.updateEndpoint(endpoint, now); }

    @Override
    public boolean deleteEndpoint(String endpointId) { return apps.deleteEndpoint(endpointId); }
    // Event types (outbound)

    @Override
    public Optional<EventType> createEventType(String name, EventType.Definition definition, Instant now) {
        return eventTypes.create(name, definition, now);
    }

    @Override
    public Optional<EventType> updateEventType(String name, long revision, EventType.Definition definition, Instant now) {
        return eventTypes.update(name, revision, definition, now);
    }

    @Override
    public Optional<EventType> archiveEventType(String name, Instant now) { return eventTypes.archive(name, now); }

    @Override
    public Optional<EventType> eventType(String name) { return eventTypes.get(name); }

    @Override
    public List<EventType> eventTypes(boolean includeArchived, String afterName, int limit) {
        return eventTypes.list(includeArchived, afterName, limit);
    }
    // Idempotency keys

    @Override
    public Optional<IdempotencyRecord> claimIdempotencyKey(String scope, String key, String fingerprint, Instant now, Duration lock, Duration ttl) {
        return idempotency.claim(scope, key, fingerprint, now, lock, ttl);
    }

    @Override
    public boolean completeIdempotencyKey(String scope, String key, String fingerprint, IdempotencyRecord.Response response) {
        return idempotency.complete(scope, key, fingerprint, response);
    }

    @Override
    public boolean releaseIdempotencyKey(String scope, String key, String fingerprint) { return idempotency.release(scope, key, fingerprint); }

    @Override
    public Optional<IdempotencyRecord> idempotencyKey(String scope, String key) { return idempotency.find(scope, key); }

    // Polled sources

    @Override
    public PollState pollState(String source) { return polls.state(source); }

    @Override
    public Map<String, SnapshotItem> snapshot(String source) { return polls.snapshot(source); }

    @Override
    public Optional<List<IngestOutcome>> commitPoll(PollCommit commit, List<NewEntry> entries, Supplier<String> deliveryIds) {
        return polls.commit(commit, entries, deliveryIds);
    }

    @Override
    public List<PollRecord> polls(String source, PageRequest page) { return polls.polls(source, page); }

    @Override
    public boolean acquirePollLease(String source, String owner, Instant now, Duration length) { return polls.acquire(source, owner, now, length); }

    @Override
    public boolean releasePollLease(String source, String owner) { return polls.release(source, owner); }

    @Override
    public Optional<Map.Entry<String, Instant>> pollLease(String source) { return polls.lease(source); }

    @Override
    public String signingKey(String name, String candidate, Instant now) { return signingKeys.getOrCreate(name, candidate, now); }

    // Two-way syncs

    @Override
    public Optional<SyncRecordRow> syncRecord(String sync, String key) { return syncs.record(sync, key); }

    @Override
    public Optional<String> syncKeyIgnoringCase(String sync, String key) { return syncs.keyIgnoringCase(sync, key); }

    @Override
    public Optional<SyncStates.WaitingWrite> syncWriteWaiting(String destination, String key) { return syncs.writeWaiting(destination, key); }

    @Override
    public Optional<String> syncKeyOf(String sync, String system, String systemId) { return syncs.keyOf(sync, system, systemId); }

    @Override
    public boolean commitSync(SyncCommit commit, List<NewEntry> writes, Supplier<String> deliveryIds) {
        return syncs.commit(commit, writes, deliveryIds);
    }

    @Override
    public void linkSyncRecord(String sync, String key, String system, String systemId) { syncs.link(sync, key, system, systemId); }

    @Override
    public boolean markSyncCreate(String sync, String key, String system) { return syncs.markCreate(sync, key, system); }

    @Override
    public List<SyncReview> syncReviews(String sync, boolean open, int limit) { return syncs.reviews(sync, open, limit); }

    @Override
    public List<SyncRecordRow> syncRecords(String sync, dev.junction.store.PageRequest page) { return syncReviews.records(sync, page); }

    @Override
    public List<SyncReview> syncReviews(String sync, Boolean open, String key, dev.junction.store.PageRequest page) {
        return syncReviews.reviews(sync, open, key, page);
    }

    @Override
    public Optional<SyncReview> syncReview(String sync, String id) { return syncReviews.review(sync, id); }

    @Override
    public dev.junction.store.SyncStates.SyncCounts syncCounts(String sync) { return syncReviews.counts(sync); }

    @Override
    public dev.junction.store.SyncStates.Decided decideSync(SyncCommit commit, dev.junction.store.SyncStates.SyncDecision decision,
                                                           List<NewEntry> writes, Supplier<String> deliveryIds) {
        return syncReviews.decide(commit, decision, writes, deliveryIds);
    }

    // Reconciliations of two-way syncs

    @Override
    public List<SyncRecordRow> syncRecords(String sync, String afterKey, int limit) { return reconciliations.records(sync, afterKey, limit); }

    @Override
    public boolean forgetSyncRecord(String sync, String key, long expectedVersion) {
        return reconciliations.forget(sync, key, expectedVersion);
    }

    @Override
    public boolean unlinkSyncRecord(String sync, String key, String system, String systemId) {
        return reconciliations.unlink(sync, key, system, systemId);
    }

    @Override
    public void saveReconciliation(Reconciliation run) { reconciliations.save(run); }

    @Override
    public Optional<Reconciliation> latestReconciliation(String sync) { return reconciliations.latest(sync); }

    // Synthetic probes

    @Override
    public java.util.List<dev.junction.store.SyntheticState> syntheticStates() { return synthetics.all(); }

    @Override
    public Optional<dev.junction.store.SyntheticState> syntheticState(String probe) { return synthetics.one(probe); }

    @Override
    public Optional<dev.junction.store.SyntheticState> claimSyntheticRun(String probe, String owner, Instant now, Instant nextRunAt,
                                                                        java.time.Duration lease) {
        return synthetics.claim(probe, owner, now, nextRunAt, lease);
    }

    @Override
    public boolean syntheticSent(String probe, String owner, String canaryId, String messageId, Instant sentAt) {
        return synthetics.sent(probe, owner, canaryId, messageId, sentAt);
    }

    @Override
    public boolean finishSyntheticRun(String probe, String owner, dev.junction.store.SyntheticResult result) {
        return synthetics.finish(probe, owner, result);
    }

    @Override
    public int releaseSyntheticLeases(String owner) { return synthetics.release(owner); }
}
