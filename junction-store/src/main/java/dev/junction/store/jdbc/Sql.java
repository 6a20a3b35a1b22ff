package dev.junction.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** Prepare, bind, read: the few lines every statement needs, written once. */
final class Sql {

    /** Binds a statement's parameters. */
    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /** Uses a prepared statement: binds, runs and reads it, closing any result set it opens. */
    @FunctionalInterface
    interface Use<T> {
        T run(PreparedStatement ps) throws SQLException;
    }

    /** Reads one row. */
    @FunctionalInterface
    interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private Sql() {}

    /** "?, ?, ?": one placeholder per value of an IN list. */
    static String placeholders(int n) {
        return String.join(",", Collections.nCopies(n, "?"));
    }

    /** Binds {@code values} in order, from parameter {@code first} on (strings, longs, integers, nulls). */
    static Binder values(int first, List<?> values) {
        return ps -> {
            for (int i = 0; i < values.size(); i++) {
                Object v = values.get(i);
                // Untyped: PostgreSQL takes the column's type, whatever it is.
                if (v == null) ps.setNull(first + i, Types.NULL); else ps.setObject(first + i, v);
            }
        };
    }

    /** Binds {@code values} in order from the first parameter; a null binds SQL NULL. */
    static Binder values(Object... values) {
        return values(1, Arrays.asList(values));
    }

    static <T> List<T> query(Connection c, String sql, Binder binder, Row<T> row) throws SQLException {
        return prepared(c, sql, ps -> {
            binder.bind(ps);
            List<T> result = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) result.add(row.read(rs));
            }
            return result;
        });
    }

    static int update(Connection c, String sql, Binder binder) throws SQLException {
        return prepared(c, sql, ps -> {
            binder.bind(ps);
            return ps.executeUpdate();
        });
    }

    /**
     * Runs {@code use} on a statement for {@code sql}: the connection's cached one when its dialect caches statements
     * (ADR 0036), else a new one closed afterwards. A cached statement is given back only after {@code use} returned
     * and its parameters and batch were cleared; one that failed is closed, so no half-run statement is used again.
     */
    static <T> T prepared(Connection c, String sql, Use<T> use) throws SQLException {
        StatementCache cache = StatementCaches.find(c);
        if (cache == null) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                return use.run(ps);
            }
        }
        PreparedStatement ps = cache.take(sql);
        boolean clean = false;
        try {
            T result = use.run(ps);
            ps.clearParameters();
            ps.clearBatch();
            clean = true;
            return result;
        } finally {
            if (clean) cache.giveBack(sql, ps); else StatementCache.closeQuietly(ps);
        }
    }
}
