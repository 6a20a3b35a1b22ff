package dev.junction.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.store.Pause;
import dev.junction.store.StoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On SQLite each pooled connection keeps its prepared statements (ADR 0036): reused, bounded, clean, and gone with it. */
class SqliteStatementCacheTest {

    @TempDir
    Path dir;

    @Test
    void aStatementRunAgainIsTheSameOneAndGivesEachCallItsOwnResults() {
        try (JdbcStore store = Stores.open("sqlite:" + dir.resolve("junction.db"), null, null)) {
            Transactions tx = new Transactions(store.dataSource(), new SqliteDialect());
            Set<PreparedStatement> used = Collections.newSetFromMap(new IdentityHashMap<>());
            tx.inTransaction("create", c -> Sql.update(c, "CREATE TABLE probe (k INTEGER PRIMARY KEY, v TEXT)", Sql.values()));
            for (int k = 0; k < 300; k++) {
                int key = k;
                tx.inTransaction("insert", c -> Sql.prepared(c, "INSERT INTO probe (k, v) VALUES (?, ?)", ps -> {
                    used.add(ps);
                    ps.setInt(1, key);
                    ps.setString(2, "v" + key);
                    return ps.executeUpdate();
                }));
            }
            for (int k = 0; k < 300; k++) {
                int key = k;
                // Every other call binds nothing to the second parameter: a value left from the call before would show.
                List<String> found = tx.read("read", c -> Sql.prepared(c, "SELECT v FROM probe WHERE k = ? OR v = ?", ps -> {
                    used.add(ps);
                    ps.setInt(1, key);
                    if (key % 2 == 0) ps.setString(2, "none");
                    List<String> values = new ArrayList<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) values.add(rs.getString(1));
                    }
                    return values;
                }));
                assertThat(found).as("call %d", k).containsExactly("v" + k);
            }
            assertThat(used).as("one statement per SQL text, over 600 calls").hasSize(2);
        }
    }

    @Test
    void batchesRunOnACachedStatementAgainAndAgain() {
        try (JdbcStore store = Stores.open("sqlite:" + dir.resolve("junction.db"), null, null)) {
            Transactions tx = new Transactions(store.dataSource(), new SqliteDialect());
            tx.inTransaction("create", c -> Sql.update(c, "CREATE TABLE probe (k INTEGER PRIMARY KEY, v TEXT)", Sql.values()));
            for (int round = 0; round < 20; round++) {
                int first = round * 10;
                int[] counts = tx.inTransaction("batch", c -> Sql.prepared(c, "INSERT INTO probe (k, v) VALUES (?, ?) ON CONFLICT DO NOTHING", ps -> {
                    for (int k = first; k < first + 10; k++) {
                        ps.setInt(1, k);
                        ps.setString(2, "v" + k);
                        ps.addBatch();
                    }
                    ps.setInt(1, first); // a duplicate: inserts nothing
                    ps.setString(2, "again");
                    ps.addBatch();
                    return ps.executeBatch();
                }));
                assertThat(counts).as("round %d", round).containsExactly(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0);
            }
            List<String> rows = tx.read("count", c -> Sql.query(c, "SELECT COUNT(*), COUNT(DISTINCT v) FROM probe", Sql.values(),
                    rs -> rs.getInt(1) + "/" + rs.getInt(2)));
            assertThat(rows).containsExactly("200/200");
        }
    }

    @Test
    void theCacheIsBoundedAndClosesTheStatementsItDrops() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("plain.db"))) {
            StatementCache cache = new StatementCache(c, 3);
            List<PreparedStatement> statements = new ArrayList<>();
            for (int n = 1; n <= 5; n++) {
                String sql = "SELECT " + Sql.placeholders(n); // an IN list of another length: another text
                PreparedStatement ps = cache.take(sql);
                statements.add(ps);
                cache.giveBack(sql, ps);
            }
            assertThat(cache.size()).isEqualTo(3);
            List<Boolean> closed = new ArrayList<>();
            for (PreparedStatement ps : statements) closed.add(closed(ps));
            assertThat(closed).as("the two least recently used are closed")
                    .containsExactly(true, true, false, false, false);
            assertThat(cache.take("SELECT ?,?,?")).isSameAs(statements.get(2));

            // The same text in use twice (nested): each use has its own statement, and only one is kept.
            PreparedStatement outer = cache.take("SELECT 1");
            PreparedStatement inner = cache.take("SELECT 1");
            assertThat(inner).isNotSameAs(outer);
            cache.giveBack("SELECT 1", inner);
            cache.giveBack("SELECT 1", outer);
            assertThat(closed(outer)).isTrue();
            assertThat(cache.take("SELECT 1")).isSameAs(inner);
        }
    }

    @Test
    void aConnectionThatLeavesThePoolTakesItsStatementsAlongAndTheStoreGoesOnWithANewOne() throws Exception {
        Path db = dir.resolve("junction.db");
        try (JdbcStore store = Stores.open("sqlite:" + db + "?busy_timeout=20", null, null)) {
            store.pause(Pause.Kind.SOURCE, "before", "test", Instant.now());
            assertThat(store.pauses()).hasSize(1);
            Connection first;
            PreparedStatement cached;
            try (Connection c = store.dataSource().getConnection()) {
                first = c.unwrap(Connection.class);
                StatementCache cache = StatementCaches.find(c);
                assertThat(cache).as("the SQLite store keeps statements").isNotNull();
                cached = cache.take("SELECT 1");
                cache.giveBack("SELECT 1", cached);
            }
            // Another process holds the write lock: BEGIN fails, and the store evicts its connection (ADR 0035).
            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = other.createStatement()) {
                s.execute("BEGIN IMMEDIATE");
                assertThatThrownBy(() -> store.pause(Pause.Kind.SOURCE, "locked", "test", Instant.now())).isInstanceOf(StoreException.class);
                s.execute("ROLLBACK");
            }
            assertThat(closed(cached)).as("the evicted connection's statements are closed").isTrue();
            store.pause(Pause.Kind.SOURCE, "after", "test", Instant.now());
            assertThat(store.pauses()).extracting(Pause::name).containsExactlyInAnyOrder("before", "after");
            try (Connection c = store.dataSource().getConnection()) {
                assertThat(c.unwrap(Connection.class)).isNotSameAs(first);
                assertThat(StatementCaches.find(c)).isNotNull();
            }
            assertThat(StatementCaches.find(first)).as("the old connection's cache is forgotten").isNull();

            // The pool retiring a connection on its own (lifetime) closes it too: the store prepares on the next one.
            try (Connection c = store.dataSource().getConnection()) {
                store.dataSource().evictConnection(c);
            }
            assertThat(store.pauses()).hasSize(2);
        }
    }

    @Test
    void aCachedStatementHoldsNoReadSoACheckpointAndAnotherWriterGoThrough() throws Exception {
        Path db = dir.resolve("junction.db");
        try (JdbcStore store = Stores.open("sqlite:" + db, null, null)) {
            Transactions tx = new Transactions(store.dataSource(), new SqliteDialect());
            for (int i = 0; i < 5; i++) store.pause(Pause.Kind.DESTINATION, "d" + i, "test", Instant.now());
            // Read the first of five rows only, then close the result set: the statement stays cached, stepped once.
            String first = tx.read("first", c -> Sql.prepared(c, "SELECT name FROM paused ORDER BY name", ps -> {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            }));
            assertThat(first).isEqualTo("d0");
            // The store's own reads and its claim (UPDATE ... RETURNING, read as a query) ran on cached statements too.
            assertThat(store.pauses()).hasSize(5);
            assertThat(store.claimDue("worker", Instant.now(), Duration.ofSeconds(30), 10, Set.of())).isEmpty();
            try (Connection c = store.dataSource().getConnection()) {
                assertThat(StatementCaches.find(c).size()).as("statements kept").isGreaterThanOrEqualTo(3);
            }

            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + db + "?busy_timeout=0");
                 Statement s = other.createStatement()) {
                s.execute("BEGIN IMMEDIATE");
                s.execute("INSERT INTO paused (kind, name, reason, paused_at) VALUES ('SOURCE', 'other', 'test', 0)");
                s.execute("COMMIT");
                try (ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).as("checkpoint busy: some connection still reads").isZero();
                }
            }
            assertThat(store.pauses()).hasSize(6);
        }
    }

    private boolean closed(PreparedStatement ps) {
        try {
            return ps.isClosed();
        } catch (java.sql.SQLException e) {
            return true;
        }
    }
}
