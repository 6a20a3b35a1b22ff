package dev.junction.engine.sync;

import java.util.Locale;

/** What a change did, as counted in {@code junction_sync_changes_total{outcome}}. */
public enum Outcome {
    /** At least one field took the system's value. */
    APPLIED,
    /** Nothing new: the echo of Junction's own write, or values already agreed. */
    ECHO,
    /** Older than what the system sent before, every edit lost its conflict, an edit of a deleted record, or a second record of a system under a key linked to another of its records. */
    STALE,
    /** An edit was queued for a person to decide (and nothing applied). */
    REVIEW,
    /** A delete made the record a tombstone and sent a delete to every other system ({@code deletes: propagate}). */
    DELETED,
    /** A delete was undone: the record is written to the system again ({@code deletes: restore}). */
    RESTORED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
