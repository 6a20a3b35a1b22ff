package dev.junction.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Which physical connections keep their prepared statements, and their {@link StatementCache}s. A connection is
 * attached when its dialect {@linkplain Dialect#cachesStatements() caches statements}. Keyed by the physical
 * connection, not the pool's wrapper: the pool hands out a new wrapper at each checkout and closes the statements
 * prepared through it when the connection goes back. Compared by identity: a connection HikariCP found broken
 * unwraps to its stand-in, whose every method but a few (hashCode included) throws.
 */
final class StatementCaches {

    /** Used by the thread holding each connection: uncontended with SQLite's one connection per store. */
    private static final Map<Connection, StatementCache> BY_CONNECTION = Collections.synchronizedMap(new IdentityHashMap<>());

    private StatementCaches() {}

    /** From now on {@code pooled}'s physical connection keeps its statements (once is enough; again is a lookup). */
    static void attach(Connection pooled) throws SQLException {
        Connection physical = pooled.unwrap(Connection.class);
        synchronized (BY_CONNECTION) {
            if (BY_CONNECTION.containsKey(physical)) return;
            // A new physical connection: the pool closed an old one (evicted, or past its lifetime), whose driver
            // already finalized its statements. Forget those caches.
            BY_CONNECTION.values().removeIf(StatementCache::connectionClosed);
            BY_CONNECTION.put(physical, new StatementCache(physical, StatementCache.CAPACITY));
        }
    }

    /** The cache of {@code pooled}'s physical connection, or null when it keeps no statements. */
    static StatementCache find(Connection pooled) throws SQLException {
        if (BY_CONNECTION.isEmpty()) return null;
        return BY_CONNECTION.get(pooled.unwrap(Connection.class));
    }

    /** Closes and forgets the statements of {@code pooled}'s physical connection, which is leaving the pool. */
    static void discard(Connection pooled) {
        try {
            StatementCache cache = BY_CONNECTION.remove(pooled.unwrap(Connection.class));
            if (cache != null) cache.clear();
        } catch (SQLException e) {
            // Not a wrapper of a connection (closed pool): nothing was attached.
        }
    }
}
