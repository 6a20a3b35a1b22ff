package dev.junction.store.jdbc;

import dev.junction.store.Pause;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** Kill switches: the {@code paused} table. Claims and appends read it in their own transactions. */
final class PauseTable {

    private final Transactions tx;
    private final Dialect dialect;
    private final String origin;

    PauseTable(Transactions tx, Dialect dialect, String origin) {
        this.tx = tx;
        this.dialect = dialect;
        this.origin = origin;
    }

    void pause(Pause.Kind kind, String name, String reason, Instant now) {
        tx.inTransaction("pause " + kind.key() + " " + name, c -> Sql.update(c,
                "INSERT INTO paused (kind, name, paused_at, reason) VALUES (?, ?, ?, ?) ON CONFLICT (kind, name) DO NOTHING",
                Sql.values(kind.key(), name, now.toEpochMilli(), reason)));
    }

    /** Lifts a pause and, if there was one, tells every node its work may be due. */
    boolean resume(Pause.Kind kind, String name) {
        return tx.inTransaction("resume " + kind.key() + " " + name, c -> {
            boolean resumed = Sql.update(c, "DELETE FROM paused WHERE kind = ? AND name = ?", Sql.values(kind.key(), name)) == 1;
            if (resumed) dialect.announceWork(c, origin);
            return resumed;
        });
    }

    List<Pause> all() {
        return tx.read("list pauses", c -> Sql.query(c, "SELECT kind, name, paused_at, reason FROM paused ORDER BY kind, name", ps -> { },
                rs -> new Pause(Pause.Kind.valueOf(rs.getString(1).toUpperCase(Locale.ROOT)), rs.getString(2),
                        Instant.ofEpochMilli(rs.getLong(3)), rs.getString(4))));
    }
}
