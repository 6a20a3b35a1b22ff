package dev.junction.store.jdbc;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.store.StoredMessage;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How a message is read from its row, and its headers kept as JSON. */
final class MessageRows {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {};
    private static final String COLUMNS = "id, source, dedupe_key, received_at, content_type, headers, body, trace_id, event_type";

    private MessageRows() {}

    /** The messages with these ids, by id. */
    static Map<String, StoredMessage> byIds(Connection c, List<String> ids) throws SQLException {
        Map<String, StoredMessage> byId = new HashMap<>();
        for (StoredMessage m : Sql.query(c, "SELECT " + COLUMNS + " FROM messages WHERE id IN (" + Sql.placeholders(ids.size()) + ")",
                Sql.values(1, ids), MessageRows::read)) {
            byId.put(m.id(), m);
        }
        return byId;
    }

    private static StoredMessage read(ResultSet rs) throws SQLException {
        return new StoredMessage(rs.getString(1), rs.getString(2), rs.getString(3), Instant.ofEpochMilli(rs.getLong(4)),
                rs.getString(5), headers(rs.getString(6)), rs.getBytes(7), rs.getString(8), rs.getString(9));
    }

    static String json(Map<String, String> headers) {
        try {
            return JSON.writeValueAsString(new LinkedHashMap<>(headers));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> headers(String json) {
        try {
            return JSON.readValue(json, HEADERS);
        } catch (Exception e) {
            throw new IllegalStateException("stored headers are not JSON", e);
        }
    }
}
