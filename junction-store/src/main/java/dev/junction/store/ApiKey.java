package dev.junction.store;

import java.time.Instant;
import java.util.Locale;

/**
 * An API key of the admin API as stored: its name, role and a few leading characters to recognise it
 * by. The key itself is never stored, only its SHA-256 (see docs/adr/0006-api-keys.md).
 *
 * @param lastUsedAt when a gateway last accepted it (recorded at most about once a minute), or null
 * @param revokedAt  when it was revoked, or null while it is valid
 */
public record ApiKey(String name, Role role, String prefix, Instant createdAt, Instant lastUsedAt, Instant revokedAt) {

    /** What a key may do: {@code read} only GET, {@code admin} everything. */
    public enum Role {
        READ, ADMIN;

        public String key() { return name().toLowerCase(Locale.ROOT); }

        /** The role named {@code read} or {@code admin}, in any case. */
        public static Role of(String key) {
            for (Role r : values()) if (r.key().equalsIgnoreCase(key)) return r;
            throw new IllegalArgumentException("role must be read or admin, not '" + key + "'");
        }
    }

    public boolean revoked() {
        return revokedAt != null;
    }
}
