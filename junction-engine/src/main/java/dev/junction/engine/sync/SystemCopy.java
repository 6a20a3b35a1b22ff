package dev.junction.engine.sync;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What Junction knows of one system's copy of a record: the values the system last told it ({@code seen}: the base of
 * the system's next edit), the values Junction wrote there and has not yet heard back ({@code pending}, oldest first:
 * their echoes are dropped), and the latest updated time the system sent (an older change is stale).
 */
public record SystemCopy(Map<String, JsonNode> seen, Map<String, List<JsonNode>> pending, Instant updated) {

    /** How many unanswered writes of one field are remembered: a system that never echoes must not grow the record. */
    static final int PENDING_LIMIT = 8;

    public static final SystemCopy EMPTY = new SystemCopy(Map.of(), Map.of(), null);

    public SystemCopy {
        seen = Map.copyOf(new LinkedHashMap<>(seen));
        Map<String, List<JsonNode>> copy = new LinkedHashMap<>();
        pending.forEach((f, values) -> {
            if (!values.isEmpty()) copy.put(f, List.copyOf(values));
        });
        pending = Map.copyOf(copy);
    }

    /** The last value written to {@code field} and not yet heard back, or null. */
    JsonNode lastPending(String field) {
        List<JsonNode> values = pending.get(field);
        return values == null ? null : values.get(values.size() - 1);
    }

    /**
     * Whether {@code value} is the echo of a write of {@code field}: if so, the copy without that write and the ones
     * before it (the system has overwritten those), else null.
     */
    SystemCopy echoOf(String field, JsonNode value) {
        List<JsonNode> values = pending.getOrDefault(field, List.of());
        int at = FieldValues.lastSame(values, value);
        if (at < 0) return null;
        Map<String, List<JsonNode>> next = new LinkedHashMap<>(pending);
        next.put(field, values.subList(at + 1, values.size()));
        return new SystemCopy(seen, next, updated).withSeen(field, value);
    }

    SystemCopy withSeen(String field, JsonNode value) {
        Map<String, JsonNode> next = new LinkedHashMap<>(seen);
        next.put(field, value);
        return new SystemCopy(next, pending, updated);
    }

    SystemCopy withWritten(Map<String, JsonNode> fields) {
        Map<String, List<JsonNode>> next = new LinkedHashMap<>(pending);
        fields.forEach((f, v) -> {
            List<JsonNode> values = new ArrayList<>(next.getOrDefault(f, List.of()));
            values.add(v);
            if (values.size() > PENDING_LIMIT) values = values.subList(values.size() - PENDING_LIMIT, values.size());
            next.put(f, values);
        });
        return new SystemCopy(seen, next, updated);
    }

    SystemCopy withUpdated(Instant at) {
        if (at == null || updated != null && !at.isAfter(updated)) return this;
        return new SystemCopy(seen, pending, at);
    }
}
