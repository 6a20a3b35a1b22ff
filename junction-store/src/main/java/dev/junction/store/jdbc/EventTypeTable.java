package dev.junction.store.jdbc;

import dev.junction.store.EventType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code event_types} table: the same SQL on both engines. */
final class EventTypeTable {

    private static final String COLUMNS = "name, description, json_schema, examples, revision, created_at, updated_at, archived_at";

    private final Transactions tx;

    EventTypeTable(Transactions tx) {
        this.tx = tx;
    }

    Optional<EventType> create(String name, EventType.Definition d, Instant now) {
        return tx.inTransaction("create event type " + name, c -> {
            int inserted = Sql.update(c, "INSERT INTO event_types (" + COLUMNS + ") VALUES (?, ?, ?, ?, 1, ?, ?, NULL) ON CONFLICT DO NOTHING",
                    Sql.values(name, d.description(), d.schema(), d.examples(), now.toEpochMilli(), now.toEpochMilli()));
            Instant stored = Instant.ofEpochMilli(now.toEpochMilli()); // as it reads back: times are kept to the millisecond
            return inserted == 1 ? Optional.of(new EventType(name, d, 1, stored, stored, null)) : Optional.<EventType>empty();
        });
    }

    Optional<EventType> update(String name, long revision, EventType.Definition d, Instant now) {
        return tx.inTransaction("update event type " + name, c -> {
            int updated = Sql.update(c, "UPDATE event_types SET description = ?, json_schema = ?, examples = ?, revision = revision + 1, updated_at = ?"
                    + " WHERE name = ? AND revision = ?", Sql.values(d.description(), d.schema(), d.examples(), now.toEpochMilli(), name, revision));
            return updated == 1 ? one(c, name) : Optional.<EventType>empty();
        });
    }

    Optional<EventType> archive(String name, Instant now) {
        return tx.inTransaction("archive event type " + name, c -> {
            Sql.update(c, "UPDATE event_types SET archived_at = ? WHERE name = ? AND archived_at IS NULL", Sql.values(now.toEpochMilli(), name));
            return one(c, name);
        });
    }

    Optional<EventType> get(String name) {
        return tx.read("read event type", c -> one(c, name));
    }

    List<EventType> list(boolean includeArchived, String afterName, int limit) {
        List<Object> args = new ArrayList<>();
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        if (!includeArchived) where.append(" AND archived_at IS NULL");
        if (afterName != null) {
            where.append(" AND name > ?");
            args.add(afterName);
        }
        args.add(limit);
        return tx.read("list event types", c -> Sql.query(c, "SELECT " + COLUMNS + " FROM event_types" + where + " ORDER BY name LIMIT ?",
                Sql.values(1, args), EventTypeTable::row));
    }

    private static Optional<EventType> one(java.sql.Connection c, String name) throws SQLException {
        return Sql.query(c, "SELECT " + COLUMNS + " FROM event_types WHERE name = ?", Sql.values(name), EventTypeTable::row).stream().findFirst();
    }

    private static EventType row(ResultSet rs) throws SQLException {
        long archived = rs.getLong(8);
        Instant archivedAt = rs.wasNull() ? null : Instant.ofEpochMilli(archived);
        return new EventType(rs.getString(1), new EventType.Definition(rs.getString(2), rs.getString(3), rs.getString(4)),
                rs.getLong(5), Instant.ofEpochMilli(rs.getLong(6)), Instant.ofEpochMilli(rs.getLong(7)), archivedAt);
    }
}
