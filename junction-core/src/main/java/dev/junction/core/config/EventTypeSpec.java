package dev.junction.core.config;

/**
 * Where a source's event type is read when the scheme's own place does not fit (or the scheme has none).
 * At most one of {@code header} and {@code jsonPointer} is set; both null means "the scheme's place, if any".
 */
public record EventTypeSpec(String header, String jsonPointer) {
    public static final EventTypeSpec DEFAULT = new EventTypeSpec(null, null);
}
