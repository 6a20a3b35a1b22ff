package dev.junction.engine.sync;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * One record as Junction keeps it across systems: the agreed value of each field, the fields held for review, and
 * each system's copy as far as Junction knows it. Immutable; a step makes the next.
 */
public record SyncRecord(Map<String, FieldValue> agreed, Set<String> held, Map<String, SystemCopy> systems) {

    public static final SyncRecord NEW = new SyncRecord(Map.of(), Set.of(), Map.of());

    public SyncRecord {
        agreed = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(agreed));
        held = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(held));
        systems = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(systems));
    }

    public SystemCopy copy(String system) {
        return systems.getOrDefault(system, SystemCopy.EMPTY);
    }
}
