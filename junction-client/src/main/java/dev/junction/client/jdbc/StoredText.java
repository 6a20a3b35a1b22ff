package dev.junction.client.jdbc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Text put into a column of limited width. Databases disagree on what an overlong value does: PostgreSQL refuses it
 * (an error the sender's retries repeat for ever), MariaDB under {@code INSERT IGNORE} cuts it to fit (so two ids
 * sharing their first 255 characters become one, and the second event is taken for a redelivery), SQLite keeps it.
 * Here a key that would not fit is replaced by its hash, which still tells keys apart exactly, and a label is cut.
 */
public final class StoredText {

    private StoredText() {}

    /** {@code key} itself when it fits in {@code width} characters, else {@code sha256:} and its hex SHA-256 (71 characters). */
    public static String key(String key, int width) {
        if (key.length() <= width) return key;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** {@code label} cut to at most {@code width} characters, never inside a surrogate pair; null stays null. */
    public static String label(String label, int width) {
        if (label == null || label.length() <= width) return label;
        int end = Character.isHighSurrogate(label.charAt(width - 1)) ? width - 1 : width;
        return label.substring(0, end);
    }
}
