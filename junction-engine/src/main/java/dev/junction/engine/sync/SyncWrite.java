package dev.junction.engine.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.core.config.SyncSpec;
import dev.junction.core.model.Ids;
import dev.junction.store.NewEntry;
import dev.junction.store.NewMessage;
import dev.junction.store.PlannedDelivery;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A write to one system, as the message a sync step appends: {@code {"sync", "system", "key", "fields": {pointer: value}}}
 * (a delete: {@code "delete": true}, the {@code "target"} id when known, and no fields), from the source {@code sync:NAME}, delivered to the system's
 * destination ordered by the record's key.
 */
record SyncWrite(String sync, String system, String key, Map<String, JsonNode> fields, boolean delete, String target) {

    SyncWrite(String sync, String system, String key, Map<String, JsonNode> fields) {
        this(sync, system, key, fields, false, null);
    }

    /**
     * A delete of the record in {@code system}: of its id there in {@code links} (the crosswalk as the delete is planned;
     * it is deleted whatever the key has become since), else of the record a lookup by the key finds.
     */
    static SyncWrite deletion(String sync, String system, String key, Map<String, dev.junction.store.SyncStates.SyncLink> links) {
        dev.junction.store.SyncStates.SyncLink there = links.get(system);
        return new SyncWrite(sync, system, key, Map.of(), true, there == null ? null : there.systemId());
    }

    static final String EVENT_TYPE = "sync.write";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The entry to append. Its dedupe key is the change's message, the record's version it made and the system: unique
     * per write, and the same step committed twice (it cannot be: the version fences it) would write once.
     */
    NewEntry entry(SyncSpec spec, String changeMessageId, long version, String traceId, Instant now, Ids ids) {
        ObjectNode body = JSON.createObjectNode().put("sync", sync).put("system", system).put("key", key);
        if (delete) body.put("delete", true);
        if (target != null) body.put("target", target);
        ObjectNode f = body.putObject("fields");
        fields.forEach(f::set);
        String dedupeKey = changeMessageId + "/" + version + "/" + system + (delete ? "/delete" : "");
        NewMessage m = new NewMessage(ids.next("msg"), spec.destination(), dedupeKey, now, "application/json", Map.of(),
                body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), traceId, EVENT_TYPE);
        return new NewEntry(m, java.util.List.of(new PlannedDelivery(spec.systems().get(system).to(), key, false)));
    }

    static SyncWrite read(byte[] body) throws IOException {
        JsonNode root = JSON.readTree(body);
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        root.path("fields").properties().forEach(e -> fields.put(e.getKey(), e.getValue()));
        return new SyncWrite(root.path("sync").asText(), root.path("system").asText(), root.path("key").asText(), fields,
                root.path("delete").asBoolean(false), root.path("target").asText(null));
    }

    /** This write with every agreed value of {@code record} (its held fields left out) added to its own, in {@code order}. */
    SyncWrite withAll(SyncRecord record, java.util.List<String> order) {
        Map<String, JsonNode> all = new LinkedHashMap<>();
        for (String field : order) {
            FieldValue agreed = record.agreed().get(field);
            if (fields.containsKey(field)) all.put(field, fields.get(field));
            else if (agreed != null && !record.held().contains(field)) all.put(field, agreed.value());
        }
        return new SyncWrite(sync, system, key, all, delete, target);
    }

    /** This write without {@code fields}. */
    SyncWrite without(java.util.Set<String> fields) {
        Map<String, JsonNode> kept = new LinkedHashMap<>(this.fields);
        kept.keySet().removeAll(fields);
        return new SyncWrite(sync, system, key, kept, delete, target);
    }

    /** The fields as the request body a system takes: each pointer set in a JSON object ("/a/b" nests). */
    byte[] requestBody() {
        ObjectNode root = JSON.createObjectNode();
        fields.forEach((pointer, value) -> {
            ObjectNode at = root;
            String[] parts = pointer.substring(1).split("/", -1);
            for (int i = 0; i < parts.length - 1; i++) {
                String name = unescape(parts[i]);
                at = at.get(name) instanceof ObjectNode o ? o : at.putObject(name);
            }
            at.set(unescape(parts[parts.length - 1]), value);
        });
        return root.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    static String unescape(String token) {
        return token.replace("~1", "/").replace("~0", "~");
    }
}
