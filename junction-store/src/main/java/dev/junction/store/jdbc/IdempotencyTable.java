package dev.junction.store.jdbc;

import dev.junction.store.IdempotencyRecord;
import dev.junction.store.IdempotencyRecord.Response;
import dev.junction.store.IdempotencyRecord.State;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The {@code idempotency_keys} table, the same SQL on both engines. A claim is an insert that does nothing on a
 * conflict, then, if the key was there, a conditional takeover: both are atomic on their own (SQLite's single
 * writer; PostgreSQL's row lock on the conflicting key, whose condition is re-checked after the wait), so of
 * concurrent claims exactly one wins.
 */
final class IdempotencyTable {

    private static final String COLUMNS = "scope, idem_key, fingerprint, state, status, content_type, body, locked_until, expires_at, created_at";
    /** A key may be claimed again when it expired, or when its holder's lock passed on a claim for the same request. */
    private static final String TAKEABLE = "(expires_at <= ? OR (state = 'IN_FLIGHT' AND locked_until <= ? AND fingerprint = ?))";

    private final Transactions tx;

    IdempotencyTable(Transactions tx) {
        this.tx = tx;
    }

    Optional<IdempotencyRecord> claim(String scope, String key, String fingerprint, Instant now, Duration lock, Duration ttl) {
        long at = now.toEpochMilli();
        long lockedUntil = now.plus(lock).toEpochMilli();
        long expiresAt = now.plus(ttl).toEpochMilli();
        return tx.inTransaction("claim an idempotency key", c -> {
            int inserted = Sql.update(c, "INSERT INTO idempotency_keys (scope, idem_key, fingerprint, state, locked_until, expires_at, created_at)"
                    + " VALUES (?, ?, ?, 'IN_FLIGHT', ?, ?, ?) ON CONFLICT (scope, idem_key) DO NOTHING",
                    Sql.values(scope, key, fingerprint, lockedUntil, expiresAt, at));
            if (inserted == 1) return Optional.empty();
            int taken = Sql.update(c, "UPDATE idempotency_keys SET fingerprint = ?, state = 'IN_FLIGHT', status = NULL, content_type = NULL,"
                    + " body = NULL, locked_until = ?, expires_at = ?, created_at = ? WHERE scope = ? AND idem_key = ? AND " + TAKEABLE,
                    Sql.values(fingerprint, lockedUntil, expiresAt, at, scope, key, at, at, fingerprint));
            if (taken == 1) return Optional.empty();
            return find(c, scope, key);
        });
    }

    boolean complete(String scope, String key, String fingerprint, Response response) {
        return tx.inTransaction("complete an idempotency key", c -> Sql.update(c,
                "UPDATE idempotency_keys SET state = 'COMPLETED', status = ?, content_type = ?, body = ?, locked_until = NULL"
                        + " WHERE scope = ? AND idem_key = ? AND fingerprint = ? AND state = 'IN_FLIGHT'",
                ps -> {
                    ps.setInt(1, response.status());
                    if (response.contentType() == null) ps.setNull(2, java.sql.Types.VARCHAR); else ps.setString(2, response.contentType());
                    ps.setBytes(3, response.body());
                    ps.setString(4, scope);
                    ps.setString(5, key);
                    ps.setString(6, fingerprint);
                }) == 1);
    }

    boolean release(String scope, String key, String fingerprint) {
        return tx.inTransaction("release an idempotency key", c -> Sql.update(c,
                "DELETE FROM idempotency_keys WHERE scope = ? AND idem_key = ? AND fingerprint = ? AND state = 'IN_FLIGHT'",
                Sql.values(scope, key, fingerprint)) == 1);
    }

    Optional<IdempotencyRecord> find(String scope, String key) {
        return tx.read("look up an idempotency key", c -> find(c, scope, key));
    }

    int prune(Instant now, int batchSize) {
        return tx.inTransaction("prune idempotency keys", c -> Sql.update(c,
                "DELETE FROM idempotency_keys WHERE (scope, idem_key) IN"
                        + " (SELECT scope, idem_key FROM idempotency_keys WHERE expires_at <= ? ORDER BY expires_at LIMIT ?)",
                Sql.values(now.toEpochMilli(), batchSize)));
    }

    private static Optional<IdempotencyRecord> find(Connection c, String scope, String key) throws SQLException {
        return Sql.query(c, "SELECT " + COLUMNS + " FROM idempotency_keys WHERE scope = ? AND idem_key = ?", Sql.values(scope, key),
                IdempotencyTable::record).stream().findFirst();
    }

    private static IdempotencyRecord record(ResultSet rs) throws SQLException {
        State state = State.valueOf(rs.getString(4));
        Response response = null;
        if (state == State.COMPLETED) response = new Response(rs.getInt(5), rs.getString(6), rs.getBytes(7));
        return new IdempotencyRecord(rs.getString(1), rs.getString(2), rs.getString(3), state, response,
                instantOrNull(rs, 8), Instant.ofEpochMilli(rs.getLong(9)), Instant.ofEpochMilli(rs.getLong(10)));
    }

    private static Instant instantOrNull(ResultSet rs, int column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }
}
