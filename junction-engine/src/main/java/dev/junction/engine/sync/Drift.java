package dev.junction.engine.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.core.config.SyncSpec;
import dev.junction.core.retry.DeliveryRefused;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How one record differs across systems, without a store or a socket: given the agreed state (null when Junction
 * never heard of the key) and the records each system listed for the key, what differed and what to do about it.
 *
 * <p>A system's record whose synced fields differ from the agreed values is an edit Junction missed when the system
 * says it changed after the last change Junction heard from it (its updated time is later), or at that very time with a
 * value it never showed Junction nor was written by it: it goes through the sync as a change, so the field's conflict
 * rule applies as to any edit. Otherwise the system drifted (a lost write, a listing behind what the system told) and
 * the agreed values are written to it again. A record missing
 * in a system is created there again (forgetting the id it had). A key Junction never heard of is a change of each
 * system that has it. Several records with one key in one system are for a person.
 */
final class Drift {

    /**
     * The agreed values to write to a system; {@code missing}: the system has no record for the key, and
     * {@code forgetId} is the crosswalk's id there (gone from the system), or null.
     */
    record Push(String system, Map<String, JsonNode> fields, boolean missing, String forgetId) {}

    /** A system's record to put through the sync as that system's change. */
    record Feed(String system, JsonNode record) {}

    /** A record gone from {@code system}, whose id there was {@code id}: put through the sync as that system's delete. */
    record Gone(String system, String id) {}

    /**
     * What a key came to: consistent when nothing was found. {@code deletes}: systems still holding a deleted record,
     * to be sent a delete.
     */
    record Plan(String key, List<Finding> findings, List<Push> pushes, List<Feed> feeds, List<String> deletes, List<Gone> gone) {
        boolean consistent() {
            return findings.isEmpty();
        }

        /** This plan writing nothing to {@code systems} (no push, no delete); its findings as they are. */
        Plan without(java.util.Set<String> systems) {
            if (systems.isEmpty()) return this;
            return new Plan(key, findings, pushes.stream().filter(p -> !systems.contains(p.system())).toList(), feeds,
                    deletes.stream().filter(s -> !systems.contains(s)).toList(), gone);
        }
    }

    private final SyncSpec spec;
    /** The systems whose listing was read: one that failed says nothing about its records. */
    private final List<String> systems;
    /** The systems whose listing looks cut short this run: their missing records are neither deleted nor written again. */
    private final java.util.Set<String> withheld;

    Drift(SyncSpec spec, java.util.Collection<String> listed) {
        this(spec, listed, java.util.Set.of());
    }

    Drift(SyncSpec spec, java.util.Collection<String> listed, java.util.Set<String> withheld) {
        this.spec = spec;
        this.systems = spec.systems().keySet().stream().filter(listed::contains).toList();
        this.withheld = java.util.Set.copyOf(withheld);
    }

    /**
     * @param row    the record as Junction keeps it, or null
     * @param ids    the crosswalk: each system's id for the record (absent when none)
     * @param listed the records each system listed under the key (by the crosswalk, else by the match key)
     */
    Plan of(String key, SyncRecord row, Map<String, String> ids, Map<String, List<JsonNode>> listed) {
        List<Finding> findings = new ArrayList<>();
        List<Push> pushes = new ArrayList<>();
        List<Feed> feeds = new ArrayList<>();
        List<String> deletes = new ArrayList<>();
        List<Gone> gone = new ArrayList<>();
        for (String system : systems) {
            List<JsonNode> records = listed.getOrDefault(system, List.of());
            if (records.size() > 1) {
                findings.add(new Finding(key, system, Finding.Kind.DUPLICATE, List.of(spec.match()), Finding.Action.REVIEW));
                continue;
            }
            if (row != null && row.isDeleted()) {
                if (records.isEmpty()) continue;
                String id = ChangeReader.text(records.get(0).at(spec.systems().get(system).id()));
                if (id != null && id.equals(ids.get(system))) {
                    // The deleted record itself, still there: deleted again. A sync no longer propagating deletes (its config
                    // changed since) sends none: a person decides.
                    boolean deletable = spec.deletes() == SyncSpec.Deletes.PROPAGATE && spec.systems().get(system).delete() != null;
                    findings.add(new Finding(key, system, Finding.Kind.DELETED, List.of(), deletable ? Finding.Action.DELETE : Finding.Action.REVIEW));
                    if (deletable) deletes.add(system);
                } else {
                    // Another record than the one deleted, under its key: a new record, which starts the key afresh.
                    findings.add(new Finding(key, system, Finding.Kind.UNKNOWN, spec.fields(), Finding.Action.CHANGE));
                    feeds.add(new Feed(system, records.get(0)));
                }
                continue;
            }
            if (row == null) {
                if (records.isEmpty()) continue;
                findings.add(new Finding(key, system, Finding.Kind.UNKNOWN, spec.fields(), Finding.Action.CHANGE));
                feeds.add(new Feed(system, records.get(0)));
                continue;
            }
            Map<String, JsonNode> agreed = agreedValues(row);
            if (agreed.isEmpty()) continue;
            if (records.isEmpty()) {
                if (withheld.contains(system)) {
                    // The system's listing looks cut short: its missing records are neither deleted nor written again.
                    findings.add(new Finding(key, system, Finding.Kind.MISSING, List.copyOf(agreed.keySet()), Finding.Action.WITHHELD));
                    continue;
                }
                if (spec.deletes() == SyncSpec.Deletes.PROPAGATE && ids.get(system) != null) {
                    // Linked there and gone: deleted by its user where no webhook told.
                    findings.add(new Finding(key, system, Finding.Kind.MISSING, List.copyOf(agreed.keySet()), Finding.Action.PROPAGATED));
                    gone.add(new Gone(system, ids.get(system)));
                    continue;
                }
                findings.add(new Finding(key, system, Finding.Kind.MISSING, List.copyOf(agreed.keySet()), Finding.Action.RECREATED));
                pushes.add(new Push(system, agreed, true, ids.get(system)));
                continue;
            }
            JsonNode record = records.get(0);
            Map<String, JsonNode> differs = new LinkedHashMap<>();
            agreed.forEach((field, value) -> {
                JsonNode has = record.at(field);
                if (!FieldValues.same(value, has)) differs.put(field, value);
            });
            if (differs.isEmpty()) continue;
            if (editMissed(system, record, row.copy(system), differs.keySet())) {
                findings.add(new Finding(key, system, Finding.Kind.DIFFERS, List.copyOf(differs.keySet()), Finding.Action.CHANGE));
                feeds.add(new Feed(system, record));
            } else {
                findings.add(new Finding(key, system, Finding.Kind.DIFFERS, List.copyOf(differs.keySet()), Finding.Action.REPUSHED));
                pushes.add(new Push(system, differs, false, null));
            }
        }
        if (gone.size() > 1) gone = gone.subList(0, 1); // one delete deletes it everywhere
        return new Plan(key, findings, pushes, feeds, deletes, gone);
    }

    /** The agreed fields, held ones left out (they wait for a person), in the spec's order. */
    private Map<String, JsonNode> agreedValues(SyncRecord row) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        for (String field : spec.fields()) {
            FieldValue v = row.agreed().get(field);
            if (v != null && !row.held().contains(field)) values.put(field, v.value());
        }
        return values;
    }

    /**
     * Whether the system's record holds an edit Junction never heard: the system says it changed after the last change
     * Junction heard from it; or at that very time (two edits within one tick of a clock that counts whole seconds, their
     * webhooks arriving the other way round) with a value that is neither what the system last showed Junction nor a
     * value Junction wrote there. An earlier time says the listing is behind what the system told (a lagging replica):
     * the agreed values are written again. An edit taken at the same time by mistake, from a listing a moment behind,
     * is righted by the next run, when the listing shows the later value.
     */
    private boolean editMissed(String system, JsonNode record, SystemCopy copy, java.util.Set<String> differs) {
        Instant heard = copy.updated();
        Instant updated = updated(system, record);
        if (updated == null || heard == null) return false;
        if (updated.isAfter(heard)) return true;
        if (updated.isBefore(heard)) return false;
        for (String field : differs) {
            JsonNode value = record.at(field);
            if (!FieldValues.same(value, copy.seen().get(field)) && !FieldValues.anySame(copy.pending().getOrDefault(field, List.of()), value)) return true;
        }
        return false;
    }

    /** The system's updated time of the record, or null when none is configured or it cannot be read. */
    private Instant updated(String system, JsonNode record) {
        String pointer = spec.systems().get(system).updated();
        if (pointer == null) return null;
        try {
            return ChangeReader.instant(record.at(pointer), pointer);
        } catch (DeliveryRefused e) {
            return null;
        }
    }
}
