package dev.junction.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.core.config.SyncSpec;
import dev.junction.engine.sync.SyncRecord;
import dev.junction.engine.sync.SyncRecordJson;
import dev.junction.store.SyncStates.SyncCounts;
import dev.junction.store.SyncStates.SyncLink;
import dev.junction.store.SyncStates.SyncRecordRow;
import dev.junction.store.SyncStates.SyncReview;
import dev.junction.store.SyncStates.WaitingWrite;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** Two-way syncs as the admin API shows them: a sync with its counts, a record with its crosswalk, a review item's two sides. */
final class SyncViews {

    private SyncViews() {}

    static ObjectNode sync(SyncSpec spec, SyncCounts counts) {
        ObjectNode node = Problem.JSON.createObjectNode().put("name", spec.name()).put("match", spec.match());
        spec.fields().forEach(node.putArray("fields")::add);
        spec.systems().keySet().forEach(node.putArray("systems")::add);
        node.put("deletes", spec.deletes().label());
        return node.put("records", counts.records()).put("openReviews", counts.openReviews());
    }

    /**
     * The agreed state (value, which system set it, when), the held fields, for a deleted record who deleted it and when, and per system its id in the crosswalk,
     * what it last showed Junction ({@code seen}) and what Junction last wrote there and has not heard back ({@code written}),
     * and the delivery its writes there wait on ({@code waiting}: a dead letter, which holds them until replayed or purged,
     * else a write on its way), or null.
     */
    static ObjectNode record(SyncSpec spec, SyncRecordRow row, Function<String, Optional<WaitingWrite>> waiting) {
        SyncRecord record = SyncRecordJson.read(row.state());
        ObjectNode node = Problem.JSON.createObjectNode().put("key", row.key()).put("version", row.version());
        if (record.isDeleted()) {
            node.putObject("deleted").put("system", record.deleted().system()).put("at", record.deleted().at().toString());
        }
        ObjectNode agreed = node.putObject("agreed");
        record.agreed().forEach((field, v) -> agreed.putObject(field).put("system", v.system()).put("at", v.at().toString()).set("value", v.value()));
        record.held().forEach(node.putArray("held")::add);
        ObjectNode systems = node.putObject("systems");
        Set<String> names = new LinkedHashSet<>(spec.systems().keySet());
        names.addAll(record.systems().keySet());
        for (String name : names) {
            ObjectNode s = systems.putObject(name);
            SyncLink link = row.links().get(name);
            s.put("id", link == null ? null : link.systemId()).put("createPending", link != null && link.createPending());
            ObjectNode seen = s.putObject("seen");
            ObjectNode written = s.putObject("written");
            var copy = record.copy(name);
            copy.seen().forEach(seen::set);
            copy.pending().forEach((field, values) -> written.set(field, values.get(values.size() - 1)));
            s.put("updated", copy.updated() == null ? null : copy.updated().toString());
            Optional<WaitingWrite> w = spec.systems().containsKey(name) ? waiting.apply(name) : Optional.empty();
            if (w.isEmpty()) s.putNull("waiting");
            else s.putObject("waiting").put("delivery", w.get().deliveryId()).put("state", w.get().state().name().toLowerCase(java.util.Locale.ROOT));
        }
        return node;
    }

    static ObjectNode review(SyncReview r) {
        ObjectNode node = Problem.JSON.createObjectNode().put("id", r.id()).put("sync", r.sync()).put("key", r.key()).put("field", r.field())
                .put("state", r.open() ? "open" : "decided");
        node.putObject("agreed").put("system", r.agreedSystem()).set("value", json(r.agreed()));
        node.putObject("proposed").put("system", r.fromSystem()).put("at", r.createdAt().toString()).set("value", json(r.proposed()));
        if (r.open()) {
            node.putNull("decision");
        } else {
            node.putObject("decision").put("pick", r.decision()).put("by", r.decidedBy()).put("at", r.decidedAt().toString())
                    .set("value", json(r.decidedValue()));
        }
        return node;
    }

    private static JsonNode json(String text) {
        if (text == null) return Problem.JSON.nullNode();
        try {
            return Problem.JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored sync value is not JSON", e);
        }
    }
}
