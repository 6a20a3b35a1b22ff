package dev.junction.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.store.StoreException;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

class SqlFailureTest {

    /** As pgjdbc words a failed batch when it may print the statement: with every bound value. */
    private static final String BATCH_MESSAGE = "Batch entry 0 INSERT INTO messages (id, headers, body) VALUES (('msg_1'),"
            + " ('{\"Stripe-Signature\":\"t=1,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd\"}'),"
            + " ('\\x7b22736563726574223a317d'::bytea)) was aborted: FATAL: terminating connection due to administrator command";

    @Test
    void aFailedBatchIsDescribedByItsStateNotItsStatement() {
        BatchUpdateException batch = new BatchUpdateException(BATCH_MESSAGE, "57P01", 0, new int[] {-3});
        batch.setNextException(new SQLException("FATAL: terminating connection due to administrator command", "57P01"));

        StoreException e = SqlFailure.storeException("store messages", batch);

        assertThat(e.getMessage()).isEqualTo("store failed to store messages: server terminated the connection"
                + " (SQLState 57P01, vendor code 0, BatchUpdateException)");
        assertThat(e.getCause()).isInstanceOf(SQLException.class).hasMessageNotContaining("v1=").hasMessageNotContaining("7b22");
        assertThat(((SQLException) e.getCause()).getSQLState()).isEqualTo("57P01");
        assertThat(e.getCause().getStackTrace()).isEqualTo(batch.getStackTrace());
    }

    @Test
    void aWrapperWithoutStateIsDescribedByTheErrorItWraps() {
        SQLException wrapper = new SQLException("Batch entry 0 ... secret values ...");
        wrapper.setNextException(new SQLException("duplicate key: Key (id)=(secret)", "23505"));

        assertThat(SqlFailure.describe(wrapper)).isEqualTo("constraint violated (SQLState 23505, vendor code 0, SQLException)");
        assertThat(SqlFailure.describe(new SQLTransientConnectionException("junction-postgresql - Connection is not available")))
                .isEqualTo("no connection available (SQLState none, vendor code 0, SQLTransientConnectionException)");
    }

    @Test
    void sqliteErrorsAreNamedByTheirResultCode() {
        SQLiteException busy = new SQLiteException("[SQLITE_BUSY] The database file is locked (database is locked)", SQLiteErrorCode.SQLITE_BUSY);
        assertThat(SqlFailure.describe(busy)).isEqualTo("database locked by another writer (SQLState none, vendor code 5, SQLITE_BUSY, SQLiteException)");
        SQLiteException full = new SQLiteException("[SQLITE_FULL] ...", SQLiteErrorCode.SQLITE_FULL);
        assertThat(SqlFailure.describe(full)).startsWith("disk full (");
    }

    /** A real server error: with the store's connection properties, pgjdbc keeps the row's values out of the message. */
    @Test
    void postgresqlKeepsTheServersDetailOutOfMessages() throws SQLException {
        String url = dev.junction.store.TestDatabases.freshPostgresSchema();
        java.util.Properties properties = new PostgresDialect("junction-test").connectionProperties();
        try (Connection c = DriverManager.getConnection(url, properties); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (k text PRIMARY KEY)");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO t (k) VALUES (?)")) {
                ps.setString(1, "whsec_never_in_a_message");
                ps.addBatch();
                ps.setString(1, "whsec_never_in_a_message");
                ps.addBatch();
                ps.executeBatch();
            } catch (BatchUpdateException e) {
                assertThat(e.getMessage()).doesNotContain("whsec_never_in_a_message");
                assertThat(e.getNextException().getMessage()).doesNotContain("whsec_never_in_a_message");
                assertThat(SqlFailure.describe(e)).isEqualTo("constraint violated (SQLState 23505, vendor code 0, BatchUpdateException)");
                return;
            }
        }
        throw new AssertionError("the duplicate key was accepted");
    }
}
