package dev.junction.store;

import java.time.Instant;

/** Keys the gateway signs its own tokens with, by purpose, shared by every node of a cluster through the store. */
public interface SigningKeys {

    /**
     * The key stored under {@code name}; when there is none yet, {@code candidate} is stored and returned. Of
     * nodes that race to store one, exactly one wins, and every node gets the winner's key.
     */
    String signingKey(String name, String candidate, Instant now);
}
