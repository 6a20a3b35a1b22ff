package dev.junction.engine.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link SyncRecord} as the document the store keeps: {@code {"agreed": {...}, "held": [...], "systems": {...}}}, and
 * for a tombstone {@code "deleted": {"system", "at"}}.
 */
public final class SyncRecordJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SyncRecordJson() {}

    public static String write(SyncRecord record) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode agreed = root.putObject("agreed");
        record.agreed().forEach((f, v) -> {
            ObjectNode n = agreed.putObject(f);
            n.set("value", v.value());
            n.put("system", v.system());
            n.put("at", v.at().toString());
        });
        ArrayNode held = root.putArray("held");
        record.held().forEach(held::add);
        ObjectNode systems = root.putObject("systems");
        record.systems().forEach((name, copy) -> {
            ObjectNode n = systems.putObject(name);
            ObjectNode seen = n.putObject("seen");
            copy.seen().forEach(seen::set);
            ObjectNode pending = n.putObject("pending");
            // putArray, not withArray: withArray reads a name starting with / as a JSON pointer.
            copy.pending().forEach((f, values) -> values.forEach(pending.putArray(f)::add));
            if (copy.updated() != null) n.put("updated", copy.updated().toString());
        });
        if (record.deleted() != null) {
            root.putObject("deleted").put("system", record.deleted().system()).put("at", record.deleted().at().toString());
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a sync record did not serialise", e);
        }
    }

    public static SyncRecord read(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored sync record is not JSON", e);
        }
        Map<String, FieldValue> agreed = new LinkedHashMap<>();
        root.path("agreed").properties().forEach(e -> agreed.put(e.getKey(), new FieldValue(e.getValue().get("value"),
                e.getValue().path("system").asText(), Instant.parse(e.getValue().path("at").asText()))));
        Set<String> held = new LinkedHashSet<>();
        root.path("held").forEach(n -> held.add(n.asText()));
        Map<String, SystemCopy> systems = new LinkedHashMap<>();
        root.path("systems").properties().forEach(e -> {
            JsonNode n = e.getValue();
            Map<String, JsonNode> seen = new LinkedHashMap<>();
            n.path("seen").properties().forEach(s -> seen.put(s.getKey(), s.getValue()));
            Map<String, List<JsonNode>> pending = new LinkedHashMap<>();
            n.path("pending").properties().forEach(p -> {
                List<JsonNode> values = new ArrayList<>();
                p.getValue().forEach(values::add);
                pending.put(p.getKey(), values);
            });
            String updated = n.path("updated").asText(null);
            systems.put(e.getKey(), new SystemCopy(seen, pending, updated == null ? null : Instant.parse(updated)));
        });
        JsonNode deleted = root.path("deleted");
        SyncRecord.Deletion deletion = deleted.isObject()
                ? new SyncRecord.Deletion(deleted.path("system").asText(), Instant.parse(deleted.path("at").asText())) : null;
        return new SyncRecord(agreed, held, systems, deletion);
    }
}
