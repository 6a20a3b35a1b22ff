package dev.junction.store.jdbc;

import dev.junction.store.PageRequest;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A WHERE clause made of optional conditions, each added only when its value is given, with the values in order. */
final class Criteria {

    private final List<String> conditions = new ArrayList<>();
    private final List<Object> values = new ArrayList<>();

    /** A condition with one {@code ?}, kept only when {@code value} is not null; instants are stored as epoch millis. */
    Criteria with(String condition, Object value) {
        if (value == null) return this;
        conditions.add(condition);
        values.add(value instanceof Instant i ? (Object) i.toEpochMilli() : value instanceof Enum<?> e ? e.name() : value);
        return this;
    }

    /** A condition without parameters. */
    Criteria always(String condition) {
        conditions.add(condition);
        return this;
    }

    /** Continues a keyset listing past the previous page's last id. */
    Criteria after(String idColumn, PageRequest page) {
        return with(idColumn + (page.newestFirst() ? " < ?" : " > ?"), page.afterId());
    }

    String where() {
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    /** The WHERE clause, then ORDER BY the id column in the page's direction and LIMIT (whose value is bound last). */
    String page(String idColumn, PageRequest page) {
        return where() + " ORDER BY " + idColumn + (page.newestFirst() ? " DESC" : "") + " LIMIT ?";
    }

    /** Binds the conditions' values from parameter {@code first} on, then {@code extra}; returns the next free index. */
    int bind(PreparedStatement ps, int first, Object... extra) throws SQLException {
        int i = first;
        for (Object v : values) ps.setObject(i++, v);
        for (Object v : extra) ps.setObject(i++, v);
        return i;
    }
}
