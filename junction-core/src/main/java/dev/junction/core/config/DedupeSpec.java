package dev.junction.core.config;

/**
 * Where a source's dedupe key comes from when the scheme's own key does not fit.
 * Exactly one of {@code header} and {@code jsonPointer} is set; both null means "scheme default,
 * else SHA-256 of the body".
 */
public record DedupeSpec(String header, String jsonPointer) {
    public static final DedupeSpec DEFAULT = new DedupeSpec(null, null);
}
