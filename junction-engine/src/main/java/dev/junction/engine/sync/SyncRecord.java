package dev.junction.engine.sync;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * One record as Junction keeps it across systems: the agreed value of each field, the fields held for review, and
 * each system's copy as far as Junction knows it. Immutable; a step makes the next.
 *
 * <p>A record deleted under {@code deletes: propagate} is a tombstone: {@code deleted} says which system deleted it
 * and when, and it keeps no values (nothing personal is kept of a deleted record but its key and the crosswalk's
 * ids, which tell its deletes' echoes and late edits apart from a new record with the same key).
 */
public record SyncRecord(Map<String, FieldValue> agreed, Set<String> held, Map<String, SystemCopy> systems, Deletion deleted) {

    /** Who deleted a record and when Junction heard of it. */
    public record Deletion(String system, Instant at) {}

    public static final SyncRecord NEW = new SyncRecord(Map.of(), Set.of(), Map.of());

    /** A live record. */
    public SyncRecord(Map<String, FieldValue> agreed, Set<String> held, Map<String, SystemCopy> systems) {
        this(agreed, held, systems, null);
    }

    /** The tombstone of a record {@code system} deleted at {@code at}. */
    static SyncRecord tombstone(String system, Instant at) {
        return new SyncRecord(Map.of(), Set.of(), Map.of(), new Deletion(system, at));
    }

    public boolean isDeleted() {
        return deleted != null;
    }

    public SyncRecord {
        agreed = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(agreed));
        held = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(held));
        systems = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(systems));
    }

    public SystemCopy copy(String system) {
        return systems.getOrDefault(system, SystemCopy.EMPTY);
    }
}
