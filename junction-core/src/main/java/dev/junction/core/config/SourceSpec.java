package dev.junction.core.config;

/** An inbound source: {@code POST /in/{name}}. */
public record SourceSpec(String name, VerifySpec verify, DedupeSpec dedupe, long maxBodyBytes) {
    public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
}
