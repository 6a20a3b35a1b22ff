package dev.junction.engine.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A system's listed record kept between its listing and its comparison as its JSON bytes: a reconciliation holds every
 * record of every system at once, and a parsed tree (a map, a node and a string per field) takes several times the
 * memory of its bytes. Parsed again, one key at a time, when it is compared.
 */
final class ListedRecords {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ListedRecords() {}

    static byte[] compact(JsonNode record) {
        try {
            return JSON.writeValueAsBytes(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a listed record did not serialise", e);
        }
    }

    /** The records of one key, parsed; empty for null (the system listed none). */
    static List<JsonNode> parse(List<byte[]> compacted) {
        if (compacted == null) return List.of();
        List<JsonNode> records = new ArrayList<>(compacted.size());
        for (byte[] bytes : compacted) {
            try {
                records.add(JSON.readTree(bytes));
            } catch (IOException e) {
                throw new UncheckedIOException("a listed record kept as JSON did not parse", e);
            }
        }
        return records;
    }
}
