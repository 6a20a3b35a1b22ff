package dev.junction.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Admin API keys, stored by the hash of the key (the key itself is never stored).
 * Every method is one transaction; time is passed in; a method that returns has committed durably.
 */
public interface ApiKeyStore {

    /**
     * Stores an API key under {@code keyHash} (the hex SHA-256 of the key; the key itself is never
     * stored). False, and nothing written, when the name is taken, also by a revoked key.
     */
    boolean createApiKey(ApiKey key, String keyHash);

    /** The key with this hash, revoked or not. */
    Optional<ApiKey> apiKeyByHash(String keyHash);

    /** Every key, revoked ones included, by name. */
    List<ApiKey> apiKeys();

    /** Revokes a key for good; false when no valid key has this name. */
    boolean revokeApiKey(String name, Instant now);

    /** Records that a gateway accepted the key at {@code at}. */
    void apiKeyUsed(String name, Instant at);
}
