package dev.junction.client.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Runs work in one write transaction on a connection from the service's pool, in the database's own way. */
public final class Transactions {

    /** Work on an open connection. */
    @FunctionalInterface
    public interface Work<T> {
        /** Runs on {@code connection}, inside the transaction. */
        T run(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;
    private final SqlDialect dialect;

    /** Transactions on {@code dataSource}, whose dialect is read from a first connection. */
    public Transactions(DataSource dataSource) {
        this.dataSource = dataSource;
        try (Connection c = dataSource.getConnection()) {
            this.dialect = SqlDialect.of(c);
        } catch (SQLException e) {
            throw new ClientStoreException("open the database", e);
        }
    }

    /** The database's dialect. */
    public SqlDialect dialect() {
        return dialect;
    }

    /** The data source the work runs on. */
    public DataSource dataSource() {
        return dataSource;
    }

    /** {@code work} in a transaction that commits when it returns and rolls back when it throws. */
    public <T> T inTransaction(String what, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return inTransaction(c, what, work);
        } catch (SQLException e) {
            throw new ClientStoreException(what, e);
        }
    }

    /** {@code work} in a transaction on a connection the caller holds (in auto-commit mode). */
    public <T> T inTransaction(Connection c, String what, Work<T> work) {
        try {
            boolean autoCommit = c.getAutoCommit();
            int isolation = c.getTransactionIsolation();
            dialect.begin(c);
            try {
                T result = work.run(c);
                dialect.commit(c);
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                try {
                    dialect.rollback(c);
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            } finally {
                dialect.end(c, autoCommit, isolation);
            }
        } catch (SQLException e) {
            throw new ClientStoreException(what, e);
        }
    }

    /**
     * {@code work} on a connection in auto-commit mode, for single statements and reads. A pool may hand out
     * connections with auto-commit off (a common JPA setting): such a connection is switched to auto-commit for the
     * work and back after it, since otherwise closing it would roll the work back.
     */
    public <T> T autoCommit(String what, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            if (c.getAutoCommit()) return work.run(c);
            c.setAutoCommit(true);
            try {
                return work.run(c);
            } finally {
                c.setAutoCommit(false);
            }
        } catch (SQLException e) {
            throw new ClientStoreException(what, e);
        }
    }
}
