package dev.junction.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What two-way syncs remember per record: the agreed state (a document the sync engine owns), the crosswalk of
 * each system's id for the record, and the review queue. Every method is one transaction.
 */
public interface SyncStates {

    /** The record Junction knows by {@code key}, with its crosswalk; empty when none. */
    Optional<SyncRecordRow> syncRecord(String sync, String key);

    /**
     * The key of the sync's record whose key equals {@code key} ignoring case and the spaces around it (as the database's
     * {@code lower(trim())} folds it):
     * {@code key} itself when such a record exists, else the first such key in order; empty when none does.
     */
    Optional<String> syncKeyIgnoringCase(String sync, String key);

    /**
     * The delivery a sync write to {@code destination} ordered by {@code key} would wait behind: a dead one of that key
     * there if any (it holds every later one until replayed or purged), else the first one pending or in flight; empty when
     * none is unfinished.
     */
    Optional<WaitingWrite> syncWriteWaiting(String destination, String key);

    /** A sync write not yet done: its delivery's id and state ({@code DEAD}, {@code PENDING} or {@code IN_FLIGHT}). */
    record WaitingWrite(String deliveryId, dev.junction.core.model.DeliveryState state) {
        public boolean dead() {
            return state == dev.junction.core.model.DeliveryState.DEAD;
        }
    }

    /** The key of the record that {@code system} calls {@code systemId}, from the crosswalk. */
    Optional<String> syncKeyOf(String sync, String system, String systemId);

    /**
     * Commits one sync step: the record's next state (over {@code commit.expectedVersion()}), the ids learned
     * for it, its new review items, and the writes to other systems (messages and their deliveries, as
     * {@link EventLog#append}), all in one transaction, or none of it. Nothing is written and false is returned
     * when the record's version moved past the one expected (another step committed first).
     */
    boolean commitSync(SyncCommit commit, List<NewEntry> writes, Supplier<String> deliveryIds);

    /**
     * Records that {@code system} calls the record {@code systemId} (a create's answer, or a lookup that found it),
     * clearing a create of unknown outcome.
     */
    void linkSyncRecord(String sync, String key, String system, String systemId);

    /**
     * Forgets the id {@code system} had for the record (the system no longer has it), so the next write there looks
     * the record up and creates it again. False when the crosswalk held no id for it.
     */
    boolean unlinkSyncRecord(String sync, String key, String system, String systemId);

    /**
     * Forgets the record altogether (its state, crosswalk entries and review items), in one transaction, if its version is
     * still {@code expectedVersion}: for a record no system holds a copy of, whose person another record is. False when
     * the version moved (a step changed it meanwhile) or there was none.
     */
    boolean forgetSyncRecord(String sync, String key, long expectedVersion);

    /**
     * Marks a create at {@code system} as about to be sent: until {@link #linkSyncRecord} records its id, its
     * outcome is unknown, and whoever tries it again looks the record up first. False when the system already
     * has an id for the record (nothing is marked).
     */
    boolean markSyncCreate(String sync, String key, String system);

    /** The review items of a sync, oldest first; {@code open} only: those not yet decided. */
    List<SyncReview> syncReviews(String sync, boolean open, int limit);

    /** A page of a sync's records, by match key ascending (the page's {@code afterId} is a match key). */
    List<SyncRecordRow> syncRecords(String sync, PageRequest page);

    /**
     * A page of a sync's review items, oldest first (ids sort by creation): {@code open} true only the undecided, false
     * only the decided, null both; {@code key} only one record's (null: every record's).
     */
    List<SyncReview> syncReviews(String sync, Boolean open, String key, PageRequest page);

    Optional<SyncReview> syncReview(String sync, String id);

    /** How many records a sync keeps and how many of its review items are open. */
    SyncCounts syncCounts(String sync);

    /**
     * Commits a person's decision of a review item as {@link #commitSync} commits a step: the record's next state (over
     * {@code commit.expectedVersion()}), the decision kept in the item (and in the other open items of the same record
     * and field, as {@code superseded}), and the writes to systems, in one transaction or none of it.
     */
    Decided decideSync(SyncCommit commit, SyncDecision decision, List<NewEntry> writes, Supplier<String> deliveryIds);

    /** What {@link #decideSync} did: committed, nothing because the item was decided already, or nothing because the version moved. */
    enum Decided { DECIDED, ALREADY_DECIDED, VERSION_MOVED }

    /**
     * A person's decision of review item {@code reviewId}: {@code decision} is agreed, proposed or edited, {@code value}
     * the field's value it gives (JSON), {@code decidedBy} who (the API key's name).
     */
    record SyncDecision(String reviewId, String field, String decision, String value, String decidedBy, Instant decidedAt) {}

    record SyncCounts(long records, long openReviews) {}

    /** A record as stored: its state document, its version (moved by each commit) and its crosswalk by system. */
    record SyncRecordRow(String sync, String key, long version, String state, Map<String, SyncLink> links) {
        public SyncRecordRow {
            links = Map.copyOf(links);
        }
    }

    /** One system's id for a record (null while unknown), and whether a create there has an unknown outcome. */
    record SyncLink(String systemId, boolean createPending) {}

    /**
     * One sync step's writes beside its messages.
     *
     * @param expectedVersion the version the step read (0: the record was new)
     * @param learned         system ids learned from the change, by system
     * @param closeReviews    when not null, the record's open review items are closed with this decision (the record
     *                        was deleted: nothing is left to decide)
     */
    record SyncCommit(String sync, String key, long expectedVersion, String state, Map<String, String> learned,
                      List<SyncReview> reviews, Instant now, String closeReviews) {
        public SyncCommit {
            learned = Map.copyOf(learned);
            reviews = List.copyOf(reviews);
        }

        public SyncCommit(String sync, String key, long expectedVersion, String state, Map<String, String> learned,
                          List<SyncReview> reviews, Instant now) {
            this(sync, key, expectedVersion, state, learned, reviews, now, null);
        }
    }

    /**
     * A field held for a person to decide: the agreed value (JSON, null when the field had none) and the system that set
     * it, the value proposed by {@code fromSystem} and when Junction heard it; once decided, when, how (agreed, proposed,
     * edited, superseded), by whom, and the value the field took.
     */
    record SyncReview(String id, String sync, String key, String field, String agreed, String proposed, String fromSystem,
                      Instant createdAt, Instant decidedAt, String decision, String agreedSystem, String decidedBy, String decidedValue) {

        /** An open item. */
        public SyncReview(String id, String sync, String key, String field, String agreed, String proposed, String fromSystem,
                          Instant createdAt, Instant decidedAt, String decision) {
            this(id, sync, key, field, agreed, proposed, fromSystem, createdAt, decidedAt, decision, null, null, null);
        }

        public boolean open() {
            return decidedAt == null;
        }
    }
}
