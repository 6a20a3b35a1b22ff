package dev.junction.core.config;

/**
 * An inbound source: {@code POST /in/{name}}.
 *
 * @param ratePerSecond requests accepted per second before answering 429; 0 for no limit
 */
public record SourceSpec(String name, VerifySpec verify, DedupeSpec dedupe, long maxBodyBytes, int ratePerSecond) {
    public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

    public SourceSpec(String name, VerifySpec verify, DedupeSpec dedupe, long maxBodyBytes) {
        this(name, verify, dedupe, maxBodyBytes, 0);
    }
}
