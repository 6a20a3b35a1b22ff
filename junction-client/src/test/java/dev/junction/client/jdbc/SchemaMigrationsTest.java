package dev.junction.client.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SchemaMigrationsTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void instancesStartingAtOnceApplyEachMigrationOnce(TestDatabases.Kind kind) throws Exception {
        try (HikariDataSource db = TestDatabases.fresh(kind, dir); ExecutorService pool = Executors.newFixedThreadPool(3)) {
            List<Future<Integer>> runs = new ArrayList<>();
            for (int i = 0; i < 3; i++) runs.add(pool.submit((Callable<Integer>) () -> SchemaMigrations.migrate(db)));
            int applied = 0;
            for (Future<Integer> run : runs) applied += run.get();
            assertThat(applied).isEqualTo(SchemaMigrations.VERSIONS.size());
            assertThat(SchemaMigrations.migrate(db)).isZero();
            try (Connection c = db.getConnection();
                 ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM junction_client_schema")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(SchemaMigrations.VERSIONS.size());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SqlDialect.class)
    void everyDialectHasEveryMigration(SqlDialect dialect) {
        for (String version : SchemaMigrations.VERSIONS) {
            assertThat(SchemaMigrations.statements(dialect, version)).as(dialect + " " + version).isNotEmpty()
                    .allSatisfy(sql -> assertThat(sql).doesNotEndWith(";"));
        }
    }

    /** Housekeeping's batch of old sent events is read along an index, in its order: no scan and sort of every sent row. */
    @org.junit.jupiter.api.Test
    void oldSentOutboxEventsAreFoundAlongAnIndex() throws Exception {
        try (HikariDataSource db = TestDatabases.fresh(TestDatabases.Kind.SQLITE, dir)) {
            SchemaMigrations.migrate(db);
            List<String> plan = new ArrayList<>();
            try (Connection c = db.getConnection(); ResultSet rs = c.createStatement().executeQuery("EXPLAIN QUERY PLAN SELECT seq FROM"
                    + " junction_outbox WHERE state = 'SENT' AND sent_at <= 1000 ORDER BY sent_at LIMIT 500")) {
                while (rs.next()) plan.add(rs.getString("detail"));
            }
            assertThat(plan).anyMatch(step -> step.contains("INDEX junction_outbox_sent")).noneMatch(step -> step.contains("TEMP B-TREE"));
        }
    }
}
