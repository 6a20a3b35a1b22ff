package dev.junction.client.idempotency;

import dev.junction.client.jdbc.ClientStoreException;
import dev.junction.client.jdbc.SchemaMigrations;
import dev.junction.client.jdbc.SqlDialect;
import dev.junction.client.jdbc.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Idempotency keys in the service's database ({@code junction_idempotency_keys}, created by {@link SchemaMigrations}).
 * A claim inserts the key unless it is there, then, if it was, takes it over when it expired or its holder's lock
 * passed (for the same request): each step is one atomic statement on every dialect, so of concurrent claims exactly
 * one wins.
 */
public final class IdempotencyStore {

    private static final String COLUMNS = "client_id, idem_key, fingerprint, state, locked_until, expires_at, created_at";
    private static final String TAKEABLE = "(expires_at <= ? OR (state = 'IN_FLIGHT' AND locked_until <= ? AND fingerprint = ?))";

    private static final int MAX_CLAIM_ROUNDS = 5;

    private final Transactions tx;
    private final String insert;

    /** A store on {@code dataSource}; creates its table if it is not there. */
    public IdempotencyStore(DataSource dataSource) {
        SchemaMigrations.migrate(dataSource);
        this.tx = new Transactions(dataSource);
        this.insert = tx.dialect().insertIgnoringDuplicates("junction_idempotency_keys", COLUMNS);
    }

    /**
     * Claims {@code key} for {@code client}'s request; empty when the caller now holds it and runs the request, else
     * the record of whoever holds it. The holder settles the key with {@link #complete} or {@link #release}, naming
     * {@code now} as its claim's instant.
     */
    public Optional<IdempotencyRecord> claim(String client, String key, String fingerprint, Instant now, Duration lock, Duration ttl) {
        long at = now.toEpochMilli();
        // Each statement commits on its own: in one transaction, MariaDB's waiting inserts would hold shared locks
        // that the update then cannot upgrade (a deadlock). The holder may release the key between our insert and
        // our read, and a database may still pick us as a deadlock victim: then claim again.
        for (int round = 1; ; round++) {
            try {
                Optional<Optional<IdempotencyRecord>> claimed = tx.autoCommit("claim an idempotency key", c -> claimOnce(c, client, key, fingerprint, at, lock, ttl));
                if (claimed.isPresent()) return claimed.get();
            } catch (ClientStoreException e) {
                if (!(e.getCause() instanceof SQLTransactionRollbackException) || round == MAX_CLAIM_ROUNDS) throw e;
            }
            if (round == MAX_CLAIM_ROUNDS) throw new IllegalStateException("idempotency key " + key + " kept changing hands");
        }
    }

    /** Empty when the key vanished between the insert and the read; else the claim's answer. */
    private Optional<Optional<IdempotencyRecord>> claimOnce(Connection c, String client, String key, String fingerprint,
                                                            long at, Duration lock, Duration ttl) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(insert)) {
            ps.setString(1, client);
            ps.setString(2, key);
            ps.setString(3, fingerprint);
            ps.setString(4, "IN_FLIGHT");
            ps.setLong(5, at + lock.toMillis());
            ps.setLong(6, at + ttl.toMillis());
            ps.setLong(7, at);
            if (ps.executeUpdate() == 1) return Optional.of(Optional.empty());
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE junction_idempotency_keys SET fingerprint = ?, state = 'IN_FLIGHT',"
                + " status = NULL, headers = NULL, body = NULL, locked_until = ?, expires_at = ?, created_at = ?"
                + " WHERE client_id = ? AND idem_key = ? AND " + TAKEABLE)) {
            ps.setString(1, fingerprint);
            ps.setLong(2, at + lock.toMillis());
            ps.setLong(3, at + ttl.toMillis());
            ps.setLong(4, at);
            ps.setString(5, client);
            ps.setString(6, key);
            ps.setLong(7, at);
            ps.setLong(8, at);
            ps.setString(9, fingerprint);
            if (ps.executeUpdate() == 1) return Optional.of(Optional.empty());
        }
        return find(c, client, key).map(Optional::of);
    }

    /**
     * Stores the response of the request that claimed {@code key} at {@code claimedAt}; false when it no longer holds
     * it. The claim's instant tells the holder apart from a retry that took the key over once the lock passed, so
     * that a request that ran past its lock never settles the key its retry now holds.
     */
    public boolean complete(String client, String key, String fingerprint, Instant claimedAt, StoredResponse response) {
        return tx.inTransaction("store an idempotent response", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE junction_idempotency_keys SET state = 'COMPLETED', status = ?,"
                    + " headers = ?, body = ?, locked_until = NULL WHERE client_id = ? AND idem_key = ? AND fingerprint = ? AND state = 'IN_FLIGHT'"
                    + " AND created_at = ?")) {
                ps.setInt(1, response.status());
                ps.setString(2, response.headerText());
                ps.setBytes(3, response.body());
                ps.setString(4, client);
                ps.setString(5, key);
                ps.setString(6, fingerprint);
                ps.setLong(7, claimedAt.toEpochMilli());
                return ps.executeUpdate() == 1;
            }
        });
    }

    /**
     * Gives {@code key}, claimed at {@code claimedAt}, up without a response, so that a retry runs the request; false
     * when it was not held, or was taken over since.
     */
    public boolean release(String client, String key, String fingerprint, Instant claimedAt) {
        return tx.inTransaction("release an idempotency key", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM junction_idempotency_keys WHERE client_id = ? AND idem_key = ?"
                    + " AND fingerprint = ? AND state = 'IN_FLIGHT' AND created_at = ?")) {
                ps.setString(1, client);
                ps.setString(2, key);
                ps.setString(3, fingerprint);
                ps.setLong(4, claimedAt.toEpochMilli());
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Deletes up to {@code limit} keys that expired by {@code now}; returns how many. */
    public int prune(Instant now, int limit) {
        String sql = tx.dialect() == SqlDialect.MARIADB
                ? "DELETE FROM junction_idempotency_keys WHERE expires_at <= ? LIMIT ?"
                : "DELETE FROM junction_idempotency_keys WHERE (client_id, idem_key) IN"
                        + " (SELECT client_id, idem_key FROM junction_idempotency_keys WHERE expires_at <= ? LIMIT ?)";
        return tx.inTransaction("prune idempotency keys", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, now.toEpochMilli());
                ps.setInt(2, limit);
                return ps.executeUpdate();
            }
        });
    }

    private static Optional<IdempotencyRecord> find(Connection c, String client, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT fingerprint, state, status, headers, body FROM junction_idempotency_keys WHERE client_id = ? AND idem_key = ?")) {
            ps.setString(1, client);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                StoredResponse response = "COMPLETED".equals(rs.getString(2))
                        ? new StoredResponse(rs.getInt(3), StoredResponse.parseHeaders(rs.getString(4)), rs.getBytes(5)) : null;
                return Optional.of(new IdempotencyRecord(rs.getString(1), response));
            }
        }
    }
}
