package dev.junction.server.http;

import dev.junction.store.SigningKeys;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;

/**
 * The key portal links are signed with, the same on every node: {@code JUNCTION_PORTAL_KEY} when the operator
 * sets it, otherwise a random key the first node stores in the database and every node reads from there.
 * Changing it (setting the variable, or deleting the stored row) invalidates every link given out.
 */
final class PortalKey {

    static final String ENV = "JUNCTION_PORTAL_KEY";
    static final int MIN_LENGTH = 32;
    /** The row of {@code signing_keys} that holds the generated key. */
    static final String STORED_NAME = "portal";

    private PortalKey() {}

    /** @param configured the environment's {@value #ENV}, or null */
    static byte[] resolve(String configured, SigningKeys store, Clock clock) {
        if (configured != null && !configured.isBlank()) {
            if (configured.length() < MIN_LENGTH) {
                // The length only: the value is a secret.
                throw new IllegalArgumentException(ENV + " must be at least " + MIN_LENGTH + " characters, but was "
                        + configured.length() + "; unset it to have the gateway generate one and keep it in the database");
            }
            return configured.getBytes(StandardCharsets.UTF_8);
        }
        byte[] candidate = new byte[32];
        new SecureRandom().nextBytes(candidate);
        String stored = store.signingKey(STORED_NAME, Base64.getEncoder().encodeToString(candidate), clock.instant());
        return Base64.getDecoder().decode(stored);
    }
}
