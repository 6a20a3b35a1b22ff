package dev.junction.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The prepared statements of one physical connection, kept by SQL text so that a statement the store runs again is
 * not compiled again (see ADR 0036). A statement is taken out while in use and given back clean, so a nested use of
 * the same SQL gets a statement of its own. At most {@code capacity} idle statements are kept: the least recently
 * used one is closed when another comes in (statements with an IN list of varying length make many texts).
 * Not thread-safe: a connection, checked out of the pool, is used by one thread at a time.
 */
final class StatementCache {

    /** Idle statements kept per connection: all the store's fixed texts, with room for IN-list variants. */
    static final int CAPACITY = 128;

    private final Connection physical;
    private final int capacity;
    /** In order of last use, oldest first: a statement taken and given back goes to the end. */
    private final LinkedHashMap<String, PreparedStatement> idle = new LinkedHashMap<>();

    StatementCache(Connection physical, int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be at least 1, but was " + capacity);
        this.physical = physical;
        this.capacity = capacity;
    }

    /** The idle statement for {@code sql}, now in use, or a new one prepared on the physical connection. */
    PreparedStatement take(String sql) throws SQLException {
        PreparedStatement ps = idle.remove(sql);
        return ps != null ? ps : physical.prepareStatement(sql);
    }

    /**
     * Keeps {@code ps}, which ran {@code sql} and was left clean: its result set closed (which resets it in SQLite,
     * ending its read), its parameters and batch cleared. A second one for the same text is closed.
     */
    void giveBack(String sql, PreparedStatement ps) {
        if (idle.putIfAbsent(sql, ps) != null) {
            closeQuietly(ps);
            return;
        }
        if (idle.size() > capacity) {
            Iterator<PreparedStatement> oldest = idle.values().iterator();
            closeQuietly(oldest.next());
            oldest.remove();
        }
    }

    /** How many idle statements are kept. */
    int size() {
        return idle.size();
    }

    boolean connectionClosed() {
        try {
            return physical.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    /** Closes every idle statement; the cache can still be used (it prepares afresh). */
    void clear() {
        for (Map.Entry<String, PreparedStatement> e : idle.entrySet()) closeQuietly(e.getValue());
        idle.clear();
    }

    /** Closing a statement the store no longer needs cannot fail in a way the caller can act on. */
    static void closeQuietly(PreparedStatement ps) {
        try {
            ps.close();
        } catch (SQLException ignored) {
            // Its connection is gone or going: the driver finalizes what is left when the connection closes.
        }
    }
}
