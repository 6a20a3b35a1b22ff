package dev.junction.engine.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A reconciliation keeps listed records as JSON bytes until it compares them: what comes back must equal what was
 * listed, value for value (Drift compares with JsonNode equality), or records would be found to differ that do not.
 */
class ListedRecordsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aRecordComesBackEqualToTheOneListedWhateverItsValues() throws Exception {
        JsonNode listed = JSON.readTree("""
                {"id": "003000000000001", "email": "ann@example.com", "first_name": "Änn 🙂", "phone": null, "score": 42,
                 "big": 12345678901234, "ratio": 0.25, "active": true, "tags": ["a", "b"], "address": {"city": "Zürich", "zip": "8001"},
                 "updated_at": "2026-11-30T20:00:00.123Z"}
                """);

        List<JsonNode> back = ListedRecords.parse(List.of(ListedRecords.compact(listed)));

        assertThat(back).containsExactly(listed);
        for (String field : List.of("/phone", "/score", "/big", "/ratio", "/active", "/address/city")) {
            assertThat(back.get(0).at(field)).as(field).isEqualTo(listed.at(field));
            assertThat(back.get(0).at(field).getNodeType()).as(field).isEqualTo(listed.at(field).getNodeType());
        }
    }

    @Test
    void severalRecordsOfOneKeyKeepTheirOrderAndNoneIsAnEmptyList() throws Exception {
        List<byte[]> compacted = new ArrayList<>();
        for (int i = 0; i < 3; i++) compacted.add(ListedRecords.compact(JSON.readTree("{\"id\": \"" + i + "\"}")));

        assertThat(ListedRecords.parse(compacted)).extracting(r -> r.get("id").asText()).containsExactly("0", "1", "2");
        assertThat(ListedRecords.parse(null)).isEmpty();
    }
}
