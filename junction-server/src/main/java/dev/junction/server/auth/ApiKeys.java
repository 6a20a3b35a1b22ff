package dev.junction.server.auth;

import dev.junction.store.ApiKey;
import dev.junction.store.ApiKeyStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Admin API keys: {@code jk_} and 32 random bytes in base64url (256 bits), shown once when issued and
 * stored only as their SHA-256. A slow password hash would add nothing for a random 256-bit key and
 * would cost every request; see docs/adr/0006-api-keys.md.
 */
public final class ApiKeys {

    public static final String PREFIX = "jk_";
    private static final int RANDOM_BYTES = 32;
    /** Characters of a key kept in the clear so an operator can tell keys apart: "jk_" and four random ones. */
    private static final int SHOWN = PREFIX.length() + 4;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** A key just issued: {@code key} is the only copy there will ever be. */
    public record Issued(String key, ApiKey stored) {}

    private ApiKeys() {}

    /** Creates a key named {@code name} in the store; refuses a bad or taken name with a message saying why. */
    public static Issued issue(ApiKeyStore store, String name, ApiKey.Role role, Instant now, SecureRandom random) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a key name is 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit: '"
                    + name + "' is not");
        }
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        String key = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        ApiKey stored = new ApiKey(name, role, shown(key), now, null, null);
        if (!store.createApiKey(stored, sha256(key))) {
            throw new IllegalArgumentException("a key named '" + name + "' exists (names of revoked keys stay taken); choose another name");
        }
        return new Issued(key, stored);
    }

    /** The hex SHA-256 of a key, as the store keeps it. */
    public static String sha256(String key) {
        return HexFormat.of().formatHex(digest(key));
    }

    static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The part of a key that is stored in the clear and may be shown: the prefix and four characters, never more. */
    static String shown(String key) {
        return key.substring(0, Math.min(SHOWN, key.length()));
    }
}
