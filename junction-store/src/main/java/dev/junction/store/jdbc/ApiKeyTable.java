package dev.junction.store.jdbc;

import dev.junction.store.ApiKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code api_keys} table: the same SQL on both engines. */
final class ApiKeyTable {

    private static final String COLUMNS = "name, role, key_prefix, created_at, last_used_at, revoked_at";

    private final Transactions tx;

    ApiKeyTable(Transactions tx) {
        this.tx = tx;
    }

    boolean create(ApiKey key, String keyHash) {
        return tx.inTransaction("create API key " + key.name(), c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO api_keys (name, key_hash, key_prefix, role, created_at)"
                    + " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                ps.setString(1, key.name());
                ps.setString(2, keyHash);
                ps.setString(3, key.prefix());
                ps.setString(4, key.role().key());
                ps.setLong(5, key.createdAt().toEpochMilli());
                return ps.executeUpdate() == 1;
            }
        });
    }

    Optional<ApiKey> byHash(String keyHash) {
        return tx.read("look up an API key", c -> query(c, "WHERE key_hash = ?", keyHash).stream().findFirst());
    }

    List<ApiKey> all() {
        return tx.read("list API keys", c -> query(c, "ORDER BY name"));
    }

    boolean revoke(String name, Instant now) {
        return update("revoke API key " + name, "UPDATE api_keys SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL", name, now) == 1;
    }

    void used(String name, Instant at) {
        update("record use of API key " + name, "UPDATE api_keys SET last_used_at = ? WHERE name = ?", name, at);
    }

    private int update(String what, String sql, String name, Instant at) {
        return tx.inTransaction(what, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, at.toEpochMilli());
                ps.setString(2, name);
                return ps.executeUpdate();
            }
        });
    }

    private static List<ApiKey> query(Connection c, String where, String... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM api_keys " + where)) {
            for (int i = 0; i < args.length; i++) ps.setString(i + 1, args[i]);
            List<ApiKey> result = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(new ApiKey(rs.getString(1), ApiKey.Role.of(rs.getString(2)), rs.getString(3),
                            Instant.ofEpochMilli(rs.getLong(4)), instantOrNull(rs, 5), instantOrNull(rs, 6)));
                }
            }
            return result;
        }
    }

    private static Instant instantOrNull(ResultSet rs, int column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }
}
