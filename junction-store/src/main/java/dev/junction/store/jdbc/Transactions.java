package dev.junction.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.junction.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;

/** Runs a unit of work in one transaction: commit on return, roll back on any failure. */
final class Transactions {

    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final HikariDataSource dataSource;
    private final Dialect dialect;

    Transactions(HikariDataSource dataSource, Dialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
    }

    /** How many times a transaction rolled back on a conflict is run in all. */
    private static final int ATTEMPTS = 5;

    /**
     * Runs {@code work} in one transaction. A deadlock or serialization failure rolled the whole
     * transaction back, so it is run again (a few times): the work must be safe to repeat from scratch.
     * Each run again waits a random few milliseconds first, growing with each conflict: two victims that
     * started again at once would likely meet again (on a busy machine PostgreSQL may abort both sides).
     */
    <T> T inTransaction(String what, Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return once(what, work);
            } catch (StoreException e) {
                if (attempt >= ATTEMPTS || !(e.getCause() instanceof SQLException sql) || !retryable(sql)) throw e;
                pauseBeforeRetry(attempt);
            }
        }
    }

    private static void pauseBeforeRetry(int attempt) {
        try {
            Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(1, 10L << attempt)); // full jitter: <20, 40, 80, 160 ms
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting to run a transaction again", e);
        }
    }

    /** PostgreSQL's deadlock_detected (40P01) and serialization_failure (40001); the stand-in cause keeps the SQLState. */
    private static boolean retryable(SQLException e) {
        return "40P01".equals(e.getSQLState()) || "40001".equals(e.getSQLState());
    }

    private <T> T once(String what, Work<T> work) {
        try (Connection c = connection()) {
            begin(c);
            try {
                T result = work.run(c);
                dialect.commit(c);
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    dialect.rollback(c);
                } catch (SQLException suppressed) {
                    // Neither committed nor rolled back: whatever state it is in, the next caller must not inherit it.
                    e.addSuppressed(suppressed);
                    evict(c);
                }
                throw e;
            }
        } catch (SQLException e) {
            throw SqlFailure.storeException(what, e);
        }
    }

    /** A connection whose transaction could not begin is in an unknown state, so it leaves the pool. */
    private void begin(Connection c) throws SQLException {
        try {
            dialect.begin(c);
        } catch (SQLException e) {
            evict(c);
            throw e;
        }
    }

    /** A connection from the pool, keeping its prepared statements when the dialect says so (ADR 0036). */
    private Connection connection() throws SQLException {
        Connection c = dataSource.getConnection();
        if (dialect.cachesStatements()) {
            try {
                StatementCaches.attach(c);
            } catch (SQLException e) {
                c.close();
                throw e;
            }
        }
        return c;
    }

    /** Takes {@code c} out of the pool, closing the statements it kept: the next caller gets a new connection. */
    private void evict(Connection c) {
        if (dialect.cachesStatements()) StatementCaches.discard(c);
        dataSource.evictConnection(c);
    }

    <T> T read(String what, Work<T> work) {
        try (Connection c = connection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw SqlFailure.storeException(what, e);
        }
    }

    /** True when the database answers a trivial query (health checks); never throws. */
    boolean ping() {
        try (Connection c = dataSource.getConnection(); java.sql.PreparedStatement ps = c.prepareStatement("SELECT 1");
             java.sql.ResultSet rs = ps.executeQuery()) {
            return rs.next();
        } catch (SQLException e) {
            return false;
        }
    }
}
