package dev.junction.store.jdbc;

import dev.junction.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Runs a unit of work in one transaction: commit on return, roll back on any failure. */
final class Transactions {

    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;

    Transactions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Runs {@code work} in one transaction. A deadlock or serialization failure rolled the whole
     * transaction back, so it is run again (a few times): the work must be safe to repeat from scratch.
     */
    <T> T inTransaction(String what, Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return once(what, work);
            } catch (StoreException e) {
                if (attempt >= 3 || !(e.getCause() instanceof SQLException sql) || !retryable(sql)) throw e;
            }
        }
    }

    /** PostgreSQL's deadlock_detected (40P01) and serialization_failure (40001); the stand-in cause keeps the SQLState. */
    private static boolean retryable(SQLException e) {
        return "40P01".equals(e.getSQLState()) || "40001".equals(e.getSQLState());
    }

    private <T> T once(String what, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        } catch (SQLException e) {
            throw SqlFailure.storeException(what, e);
        }
    }

    <T> T read(String what, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw SqlFailure.storeException(what, e);
        }
    }
}
