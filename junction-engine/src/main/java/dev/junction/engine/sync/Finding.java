package dev.junction.engine.sync;

import java.util.List;
import java.util.Locale;

/**
 * One thing a reconciliation found different between a system and the agreed state, and what it did about it.
 *
 * @param fields the synced fields concerned (the ones that differ; all for a missing record)
 */
public record Finding(String key, String system, Kind kind, List<String> fields, Action action) {

    public Finding {
        fields = List.copyOf(fields);
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
        FORGOTTEN;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
