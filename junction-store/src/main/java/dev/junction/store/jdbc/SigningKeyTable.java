package dev.junction.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;

/** The {@code signing_keys} table: the same SQL on both engines. */
final class SigningKeyTable {

    private final Transactions tx;

    SigningKeyTable(Transactions tx) {
        this.tx = tx;
    }

    /** Inserts the candidate unless a key exists, then reads whichever is stored: one transaction, so racing nodes agree. */
    String getOrCreate(String name, String candidate, Instant now) {
        return tx.inTransaction("read signing key " + name, c -> {
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO signing_keys (name, key_value, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
                insert.setString(1, name);
                insert.setString(2, candidate);
                insert.setLong(3, now.toEpochMilli());
                insert.executeUpdate();
            }
            try (PreparedStatement select = c.prepareStatement("SELECT key_value FROM signing_keys WHERE name = ?")) {
                select.setString(1, name);
                try (ResultSet rs = select.executeQuery()) {
                    if (!rs.next()) throw new java.sql.SQLException("signing key " + name + " vanished after it was stored");
                    return rs.getString(1);
                }
            }
        });
    }
}
