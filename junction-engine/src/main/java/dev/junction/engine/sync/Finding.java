package dev.junction.engine.sync;

import java.util.List;
import java.util.Locale;

/**
 * One thing a reconciliation found different between a system and the agreed state, and what it did about it.
 *
 * @param fields  the synced fields concerned (the ones that differ; all for a missing record)
 * @param waiting for {@link Action#BLOCKED} the dead letter, for {@link Action#QUEUED} the delivery, that the record's
 *                writes to the system wait on; else null
 */
public record Finding(String key, String system, Kind kind, List<String> fields, Action action, String waiting) {

    public Finding {
        fields = List.copyOf(fields);
    }

    public Finding(String key, String system, Kind kind, List<String> fields, Action action) {
        this(key, system, kind, fields, action, null);
    }

    /** This finding, its action now {@code action} (waiting on nothing). */
    Finding as(Action action) {
        return new Finding(key, system, kind, fields, action, null);
    }

    /** This finding, nothing done because the record's writes to the system wait on {@code write}. */
    Finding waitingOn(dev.junction.store.SyncStates.WaitingWrite write) {
        return new Finding(key, system, kind, fields, write.dead() ? Action.BLOCKED : Action.QUEUED, write.deliveryId());
    }

    /** What differed. */
    public enum Kind {
        /** The system's record has other values than the agreed ones. */
        DIFFERS,
        /** The system has no record for the key (deleted there, or never created). */
        MISSING,
        /** A record Junction never heard of. */
        UNKNOWN,
        /** The system has several records with this key: a person must merge them. */
        DUPLICATE,
        /** The record was deleted ({@code deletes: propagate}) and the system still has it. */
        DELETED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What the reconciliation did. */
    public enum Action {
        /** The agreed values were written to the system again. */
        REPUSHED,
        /** The record was created in the system again. */
        RECREATED,
        /** The system's record went through the sync as a change of that system (an edit Junction had not heard of). */
        CHANGE,
        /** Nothing: a person must decide. */
        REVIEW,
        /** Nothing this run: a step changed the record meanwhile; the next run looks again. */
        BUSY,
        /** A delete was sent to the system (the record is deleted elsewhere). */
        DELETE,
        /** The system's record is gone: that went through the sync as the system's delete ({@code deletes: propagate}). */
        PROPAGATED,
        /** Nothing: so many of the system's records were missing that its listing is not believed (nothing deleted nor written). */
        WITHHELD,
        /**
         * Junction forgot the record: no system holds a copy of it, and another record, whose key differs only in case, is
         * the same person (ADR 0051: one left from before keys ignored case; its writes could never land).
         */
        FORGOTTEN,
        /**
         * Nothing: the record's writes to the system are held behind a dead letter ({@link #waiting()}); another would only
         * queue behind it. Replaying or purging the dead letter lets them through.
         */
        BLOCKED,
        /** Nothing: a write of the record to the system is on its way already ({@link #waiting()}); the next run looks again. */
        QUEUED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
