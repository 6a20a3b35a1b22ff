package dev.junction.engine.sync;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A record as one system sent it: its id there, its updated time there (null when it keeps none), and the synced
 * fields it carries (a field it left out is absent; one it cleared is JSON null).
 */
public record Change(String system, String id, Instant updated, Map<String, JsonNode> fields) {
    public Change {
        fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }
}
