package dev.junction.engine.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.core.config.SyncSpec;
import dev.junction.core.retry.DeliveryRefused;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads a system's change message into a {@link Change} and the record's match key, by the system's pointers. */
final class ChangeReader {

    /** A change and the match key its record carries (null when it carries none); {@code deleted}: the message says the record was deleted. */
    record Read(String matchKey, Change change, boolean deleted) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private ChangeReader() {}

    /** @throws DeliveryRefused (permanent) when the message is no record this sync can use: trying again would not change it */
    static Read read(SyncSpec sync, SyncSpec.SystemSpec system, byte[] body) throws DeliveryRefused {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw refused("the change is not JSON");
        }
        JsonNode record = root == null ? null : root.at(system.record());
        if (record == null || !record.isObject()) throw refused("no record at '" + system.record() + "' in the change");
        String id = text(record.at(system.id()));
        if (id == null) throw refused("the record has no id at '" + system.id() + "'");
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        for (String field : sync.fields()) {
            JsonNode value = record.at(field);
            if (!value.isMissingNode()) fields.put(field, value);
        }
        Instant updated = system.updated() == null ? null : instant(record.at(system.updated()), system.updated());
        return new Read(text(record.at(sync.match())), new Change(system.name(), id, updated, fields), deletes(system.deleted(), root));
    }

    /** Whether the message is a delete by the system's signal (none: no message is). */
    static boolean deletes(SyncSpec.DeleteSignal signal, JsonNode root) {
        if (signal == null) return false;
        String said = text(root.at(signal.pointer()));
        return said != null && signal.values().contains(said);
    }

    /** A match key or id as text: a string as it is, a number as written; null when absent, null or empty. */
    static String text(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull() || node.isContainerNode()) return null;
        String text = node.asText();
        return text.isEmpty() ? null : text;
    }

    static Instant instant(JsonNode node, String pointer) throws DeliveryRefused {
        if (node.isMissingNode() || node.isNull()) return null;
        if (node.isIntegralNumber()) return Instant.ofEpochMilli(node.asLong());
        try {
            return OffsetDateTime.parse(node.asText()).toInstant();
        } catch (DateTimeException e) {
            throw refused("the updated time at '" + pointer + "' is neither ISO 8601 nor epoch milliseconds");
        }
    }

    private static DeliveryRefused refused(String why) {
        return new DeliveryRefused("sync", why, true);
    }
}
