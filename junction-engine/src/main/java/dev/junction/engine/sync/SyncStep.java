package dev.junction.engine.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.core.config.SyncSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One change from one system applied to one record, without a store, a clock or a socket: what the record becomes,
 * what to write to each system so that its copy matches, and what to queue for review.
 *
 * <p>Per field of the change: the echo of a pending write of Junction's (or a value the system already had, or the
 * agreed one) is no edit. An edit whose base (the value the system last told Junction) is the agreed value takes
 * over; otherwise two edits crossed and the field's rule settles it. Then every system whose copy differs from the
 * agreed state, and has not been sent the agreed value already, gets a write (the system that sent the change too,
 * when its edit lost). Held fields are neither changed nor written until a person decides.
 */
public final class SyncStep {

    /** An edit held for review: the agreed value (null when none) and who set it, and the value {@code system} proposed. */
    public record Proposal(String field, JsonNode agreed, String agreedSystem, JsonNode proposed, String system) {}

    /**
     * What the step produced; {@code writes} by system, each the fields to set there, in the spec's order; {@code deletes}
     * the systems to delete the record in.
     */
    public record Result(SyncRecord next, Outcome outcome, Map<String, Map<String, JsonNode>> writes, List<Proposal> proposals,
                         List<String> deletes) {
        public Result(SyncRecord next, Outcome outcome, Map<String, Map<String, JsonNode>> writes, List<Proposal> proposals) {
            this(next, outcome, writes, proposals, List.of());
        }
    }

    private final SyncSpec spec;

    public SyncStep(SyncSpec spec) {
        this.spec = spec;
    }

    public Result apply(SyncRecord record, Change change, Instant now) {
        SystemCopy copy = record.copy(change.system());
        if (change.updated() != null && copy.updated() != null && change.updated().isBefore(copy.updated())) {
            return new Result(record, Outcome.STALE, Map.of(), List.of());
        }
        Instant editedAt = change.updated() != null ? change.updated() : now;
        Map<String, FieldValue> agreed = new LinkedHashMap<>(record.agreed());
        Set<String> held = new LinkedHashSet<>(record.held());
        List<Proposal> proposals = new ArrayList<>();
        int applied = 0;
        int lost = 0;
        for (Map.Entry<String, JsonNode> e : change.fields().entrySet()) {
            String field = e.getKey();
            JsonNode value = e.getValue();
            SystemCopy echoed = copy.echoOf(field, value);
            if (echoed != null) {
                copy = echoed;
                continue;
            }
            JsonNode base = copy.seen().get(field);
            FieldValue current = agreed.get(field);
            copy = copy.withSeen(field, value);
            if (FieldValues.same(value, base) || current != null && FieldValues.same(value, current.value())) continue;
            boolean crossed = current != null && !FieldValues.same(current.value(), base);
            Settlement settlement = held.contains(field) ? Settlement.REVIEW
                    : crossed ? Settlement.of(spec.conflicts().ruleFor(field), current, change.system(), editedAt) : Settlement.EDIT_WINS;
            switch (settlement) {
                case EDIT_WINS -> {
                    agreed.put(field, new FieldValue(value, change.system(), editedAt));
                    applied++;
                }
                case AGREED_STAYS -> lost++;
                case REVIEW -> {
                    held.add(field);
                    proposals.add(new Proposal(field, current == null ? null : current.value(), current == null ? null : current.system(),
                            value, change.system()));
                }
            }
        }
        Map<String, SystemCopy> systems = new LinkedHashMap<>(record.systems());
        systems.put(change.system(), copy.withUpdated(change.updated()));
        Map<String, Map<String, JsonNode>> writes = planWrites(systems, agreed, held, null);
        Outcome outcome = applied > 0 ? Outcome.APPLIED : !proposals.isEmpty() ? Outcome.REVIEW : lost > 0 ? Outcome.STALE : Outcome.ECHO;
        return new Result(new SyncRecord(agreed, held, systems), outcome, writes, proposals);
    }

    /**
     * A delete of the record in {@code change.system()} (older than a change the system sent before: stale). Under
     * {@code deletes: restore} the system's copy is forgotten and every agreed value is written to it again (the write
     * looks the record up, then creates it); under {@code propagate} the record becomes a tombstone and every other
     * system is sent a delete. A tombstone's delete is an echo: the other systems' deletes come back as such.
     */
    public Result delete(SyncRecord record, Change change, Instant now) {
        if (record.isDeleted() || record.agreed().isEmpty()) return new Result(record, Outcome.ECHO, Map.of(), List.of());
        SystemCopy copy = record.copy(change.system());
        if (change.updated() != null && copy.updated() != null && change.updated().isBefore(copy.updated())) {
            return new Result(record, Outcome.STALE, Map.of(), List.of());
        }
        if (spec.deletes() == SyncSpec.Deletes.PROPAGATE) {
            List<String> others = spec.systems().keySet().stream().filter(s -> !s.equals(change.system())).toList();
            // When Junction heard it: a system's delete message often carries the record as it was, stamped with its
            // last edit, not with the delete.
            Instant at = now.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            return new Result(SyncRecord.tombstone(change.system(), at), Outcome.DELETED, Map.of(), List.of(), others);
        }
        Map<String, SystemCopy> systems = new LinkedHashMap<>(record.systems());
        systems.put(change.system(), new SystemCopy(Map.of(), Map.of(), copy.updated()).withUpdated(change.updated()));
        Map<String, Map<String, JsonNode>> writes = planWrites(systems, record.agreed(), record.held(), null);
        return new Result(new SyncRecord(record.agreed(), record.held(), systems), Outcome.RESTORED, writes, List.of());
    }

    /**
     * A person's decision of a held field: {@code decided} becomes its agreed value (null: the field keeps the agreed
     * value it has), the field is released, and every system whose copy now differs is written, as after a change. For
     * the decided field a pending write is no reason to skip a system: writes planned before the hold were sent without
     * the held field ({@link SystemWriter}), so only what the system last showed counts.
     */
    public Result decide(SyncRecord record, String field, FieldValue decided) {
        Map<String, FieldValue> agreed = new LinkedHashMap<>(record.agreed());
        if (decided != null) agreed.put(field, decided);
        Set<String> held = new LinkedHashSet<>(record.held());
        held.remove(field);
        Map<String, SystemCopy> systems = new LinkedHashMap<>(record.systems());
        Map<String, Map<String, JsonNode>> writes = planWrites(systems, agreed, held, field);
        return new Result(new SyncRecord(agreed, held, systems), Outcome.APPLIED, writes, List.of());
    }

    /** Plans a write to every system whose copy lacks agreed values, and records them as pending in {@code systems}. */
    private Map<String, Map<String, JsonNode>> planWrites(Map<String, SystemCopy> systems, Map<String, FieldValue> agreed, Set<String> held,
                                                          String decided) {
        Map<String, Map<String, JsonNode>> writes = new LinkedHashMap<>();
        for (String system : spec.systems().keySet()) {
            SystemCopy target = systems.getOrDefault(system, SystemCopy.EMPTY);
            Map<String, JsonNode> write = writeFor(target, agreed, held, decided);
            if (write.isEmpty()) continue;
            writes.put(system, write);
            systems.put(system, target.withWritten(write));
        }
        return writes;
    }

    /**
     * The agreed fields the system's copy lacks and that are not on their way to it already (but {@code decided}, when
     * not null, whatever is on its way), in the spec's order.
     */
    private Map<String, JsonNode> writeFor(SystemCopy target, Map<String, FieldValue> agreed, Set<String> held, String decided) {
        Map<String, JsonNode> write = new LinkedHashMap<>();
        for (String field : spec.fields()) {
            FieldValue v = agreed.get(field);
            if (v == null || held.contains(field)) continue;
            if (FieldValues.same(v.value(), target.seen().get(field))) continue;
            if (!field.equals(decided) && target.lastPending(field) != null && FieldValues.same(v.value(), target.lastPending(field))) continue;
            write.put(field, v.value());
        }
        return write;
    }
}
