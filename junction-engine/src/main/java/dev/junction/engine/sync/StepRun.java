package dev.junction.engine.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.core.config.SyncSpec;
import dev.junction.core.model.Ids;
import dev.junction.core.retry.DeliveryRefused;
import dev.junction.engine.deliver.SendResult;
import dev.junction.store.NewEntry;
import dev.junction.store.StoredMessage;
import dev.junction.store.SyncStates;
import dev.junction.store.SyncStates.SyncRecordRow;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One change message through its sync: read the change, load the record (by the system's id in the crosswalk, else
 * by the match key), run the {@link SyncStep}, and commit the next state, the ids learned, the review items and the
 * writes in one transaction. A commit that lost the race to another step (the version moved) is run again from the
 * record as it is now.
 */
final class StepRun {

    /** Runs before a step gives up and lets the delivery be retried: one record's changes are ordered, so races are rare. */
    private static final int RUNS = 5;

    private final SyncSpec spec;
    private final SyncStep step;
    private final SyncStates store;
    private final Clock clock;
    private final Ids ids;
    private final java.util.function.Supplier<SyncMetrics> metrics;
    private final Runnable newWork;
    private final ClockAhead ahead;

    StepRun(SyncSpec spec, SyncStates store, Clock clock, Ids ids, java.util.function.Supplier<SyncMetrics> metrics, Runnable newWork) {
        this.spec = spec;
        this.step = new SyncStep(spec);
        this.store = store;
        this.clock = clock;
        this.ids = ids;
        this.metrics = metrics;
        this.newWork = newWork;
        this.ahead = new ClockAhead(spec.name(), clock);
    }

    SendResult run(StoredMessage message) {
        SyncSpec.SystemSpec system = spec.systemFrom(message.source());
        try {
            if (system == null) throw new DeliveryRefused("sync", "source '" + message.source() + "' feeds no system of sync '" + spec.name() + "'", true);
            ChangeReader.Read read = ChangeReader.read(spec, system, message.body());
            boolean deleted = read.deleted() || Repairs.DELETE_TYPE.equals(message.eventType());
            Change change = read.change();
            ahead.check(system.name(), change.updated(), message.receivedAt());
            Optional<String> linked = store.syncKeyOf(spec.name(), system.name(), change.id());
            if (deleted && linked.isEmpty()) {
                // A delete is matched by the system's id alone: a record Junction never linked to that id is none of its
                // records. But heard before the record's create (webhooks out of order), under propagate, it leaves a
                // tombstone of that id where no record has its key yet, so the create that follows is stale.
                Outcome outcome = early(system, read, change) ? Outcome.DELETED : Outcome.ECHO;
                metrics.get().change(spec.name(), system.name(), outcome);
                return SendResult.acknowledged(outcome.label());
            }
            // A key differing only in case is the record's it names (Ann@Example.com in one system, ann@example.com in
            // another): two records of one person would each look the other's copies up, and none could be linked.
            String key = linked.or(() -> Optional.ofNullable(read.matchKey()).map(k -> store.syncKeyIgnoringCase(spec.name(), k).orElse(k)))
                    .orElse(null);
            if (key == null) throw new DeliveryRefused("sync", "the record has no match key at '" + spec.match() + "'", true);
            for (int run = 1; run <= RUNS; run++) {
                Optional<Outcome> outcome = once(message, system, key, change, linked.isEmpty(), deleted);
                if (outcome.isPresent()) {
                    metrics.get().change(spec.name(), system.name(), outcome.get());
                    return SendResult.acknowledged(outcome.get().label());
                }
            }
            return SendResult.failure(new IllegalStateException("the record changed under " + RUNS + " steps in a row; tried again later"));
        } catch (DeliveryRefused e) {
            return SendResult.failure(e);
        } catch (RuntimeException e) {
            return SendResult.failure(e);
        }
    }

    /** Whether a delete of an id no record links, under propagate, was kept as the tombstone of a key no record has. */
    private boolean early(SyncSpec.SystemSpec system, ChangeReader.Read read, Change change) {
        if (spec.deletes() != SyncSpec.Deletes.PROPAGATE || read.matchKey() == null) return false;
        if (store.syncRecord(spec.name(), read.matchKey()).isPresent()) return false;
        Instant now = clock.instant();
        SyncRecord tombstone = SyncRecord.tombstone(system.name(), now.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        return store.commitSync(new SyncStates.SyncCommit(spec.name(), read.matchKey(), 0, SyncRecordJson.write(tombstone),
                Map.of(system.name(), change.id()), List.of(), now), List.of(), () -> ids.next("dlv"));
    }

    /**
     * @param byMatchKey the record was found by the match key the change carries, not by the system's id in the crosswalk
     * @param deleted    the change is a delete
     */
    private Optional<Outcome> once(StoredMessage message, SyncSpec.SystemSpec system, String key, Change change, boolean byMatchKey,
                                   boolean deleted) {
        Instant now = clock.instant();
        Optional<SyncRecordRow> row = store.syncRecord(spec.name(), key);
        SyncStates.SyncLink linked = row.map(r -> r.links().get(system.name())).orElse(null);
        SyncRecord record = row.map(r -> SyncRecordJson.read(r.state())).orElse(SyncRecord.NEW);
        if (record.isDeleted() && !deleted) {
            // An edit of a record deleted everywhere (sent before the system heard of the delete): the delete wins.
            if (!byMatchKey) return Optional.of(Outcome.STALE);
            // A new record under a deleted record's key: the deleted ids are forgotten, and the record starts afresh.
            row.get().links().forEach((s, l) -> {
                if (l.systemId() != null) store.unlinkSyncRecord(spec.name(), key, s, l.systemId());
            });
            record = SyncRecord.NEW;
            linked = null;
        } else if (byMatchKey && linked != null && linked.systemId() != null && !linked.systemId().equals(change.id())) {
            // The system has another record linked under this key: this one is a second record with the same key (a
            // duplicate made there, or a new record taking a key whose record has moved to another value). Applied, it
            // would overwrite the linked record everywhere; reconciliation reports duplicates for a person to merge.
            return Optional.of(Outcome.STALE);
        }
        long version = row.map(SyncRecordRow::version).orElse(0L);
        SyncStep.Result result = deleted ? step.delete(record, change, now) : step.apply(record, change, now);
        List<NewEntry> writes = new ArrayList<>();
        for (Map.Entry<String, Map<String, JsonNode>> w : result.writes().entrySet()) {
            writes.add(new SyncWrite(spec.name(), w.getKey(), key, w.getValue()).entry(spec, message.id(), version, message.traceId(), now, ids));
        }
        Map<String, SyncStates.SyncLink> links = row.map(SyncRecordRow::links).orElse(Map.of());
        for (String target : result.deletes()) {
            writes.add(SyncWrite.deletion(spec.name(), target, key, links).entry(spec, message.id(), version, message.traceId(), now, ids));
        }
        List<SyncStates.SyncReview> reviews = new ArrayList<>();
        for (SyncStep.Proposal p : result.proposals()) {
            reviews.add(new SyncStates.SyncReview(ids.next("rev"), spec.name(), key, p.field(), p.agreed() == null ? null : p.agreed().toString(),
                    p.proposed().toString(), p.system(), now, null, null, p.agreedSystem(), null, null));
        }
        Map<String, String> learned = new HashMap<>();
        if (linked == null || !change.id().equals(linked.systemId())) learned.put(system.name(), change.id());
        // A deleted record's open review items are closed with it: nothing is left to decide.
        String closeReviews = result.outcome() == Outcome.DELETED ? "deleted" : null;
        boolean committed = store.commitSync(new SyncStates.SyncCommit(spec.name(), key, version, SyncRecordJson.write(result.next()), learned,
                reviews, now, closeReviews), writes, () -> ids.next("dlv"));
        if (!committed) return Optional.empty();
        // Restored: the system's id is forgotten, so its write looks the record up and creates it. Forgotten after the
        // commit: a crash before this leaves the id, and the write's update is answered 404, which forgets it then.
        if (result.outcome() == Outcome.RESTORED) store.unlinkSyncRecord(spec.name(), key, system.name(), change.id());
        if (!writes.isEmpty()) newWork.run();
        return Optional.of(result.outcome());
    }
}
