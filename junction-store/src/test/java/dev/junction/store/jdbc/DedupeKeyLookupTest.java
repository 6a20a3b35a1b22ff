package dev.junction.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ingest writes one index entry per message under its random dedupe key, not two (V18, ADR 0038): the unique
 * (source, dedupe_key) index also serves a lookup by the key alone, once per stored source, on a large table too.
 */
class DedupeKeyLookupTest {

    @TempDir
    Path dir;

    @Test
    void theKeyAloneIsLookedUpInTheUniqueIndexOncePerSourceWithoutAnIndexOfItsOwn() throws Exception {
        Path db = dir.resolve("junction.db");
        Stores.open("sqlite:" + db, null, null).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            List<String> indexes = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'messages'")) {
                while (rs.next()) indexes.add(rs.getString(1));
            }
            assertThat(indexes).as("no index on the dedupe key alone").doesNotContain("messages_dedupe").isNotEmpty();

            // Enough rows in a few sources that a scan would be the planner's last choice only if the index serves.
            s.executeUpdate("""
                    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
                    INSERT INTO messages (id, source, dedupe_key, received_at, headers, body)
                    SELECT printf('msg_%08d', i), 'source' || (i % 4), 'evt_' || hex(randomblob(8)), i, '{}', x'00' FROM n""");
            List<String> plan = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("EXPLAIN QUERY PLAN SELECT m.id FROM messages m WHERE m.source IN (" + Listings.EVERY_SOURCE
                    + ") AND m.dedupe_key = 'evt_x' ORDER BY m.id DESC LIMIT 50")) {
                while (rs.next()) plan.add(rs.getString("detail"));
            }
            assertThat(plan).as(String.join("\n", plan))
                    .anyMatch(step -> step.startsWith("SEARCH m USING INDEX") && step.contains("(source=? AND dedupe_key=?)"))
                    .noneMatch(step -> step.startsWith("SCAN m"))
                    .noneMatch(step -> step.startsWith("SCAN messages"));
        }
    }
}
