package dev.junction.client.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A real database's error, with a value in it, as the library's exception carries it to the service's logs. */
class ClientStoreExceptionTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void aDuplicateKeysValueAndTheServersDetailAreNotInTheMessageNorInTheCause(TestDatabases.Kind kind) throws Exception {
        String secret = "whsec_do_not_log_0123456789";
        SQLException failure = null;
        try (HikariDataSource db = TestDatabases.fresh(kind, dir); Connection c = db.getConnection()) {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE probe_values (v VARCHAR(100) PRIMARY KEY)");
            }
            for (int i = 0; i < 2; i++) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO probe_values (v) VALUES (?)")) {
                    ps.setString(1, secret);
                    ps.executeUpdate();
                } catch (SQLException e) {
                    failure = e;
                }
            }
        }
        assertThat((Object) failure).as("the second insert of one key fails").isNotNull();
        if (kind != TestDatabases.Kind.SQLITE) {
            assertThat(failure.getMessage()).as("the driver's own message, which is why it is not kept").contains(secret);
        }

        ClientStoreException wrapped = new ClientStoreException("record a webhook id", failure);

        assertThat(wrapped.getMessage()).startsWith("could not record a webhook id: ").doesNotContain(secret, "whsec_do_not_log");
        assertThat(wrapped.getCause().getMessage()).doesNotContain(secret, "whsec_do_not_log");
        if (kind != TestDatabases.Kind.SQLITE) assertThat(wrapped.getMessage()).contains("constraint violated (SQLState 23");
        assertThat(wrapped.getCause().getStackTrace()).isEqualTo(failure.getStackTrace());
    }
}
