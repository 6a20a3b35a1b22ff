package dev.junction.core.config;

/**
 * An inbound source: {@code POST /in/{name}}.
 *
 * @param ratePerSecond requests accepted per second before answering 429; 0 for no limit
 * @param eventType     where its events' type is read; null means {@link EventTypeSpec#DEFAULT}
 */
public record SourceSpec(String name, VerifySpec verify, DedupeSpec dedupe, long maxBodyBytes, int ratePerSecond,
                         EventTypeSpec eventType) {
    public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

    public SourceSpec {
        eventType = eventType == null ? EventTypeSpec.DEFAULT : eventType;
    }

    public SourceSpec(String name, VerifySpec verify, DedupeSpec dedupe, long maxBodyBytes, int ratePerSecond) {
        this(name, verify, dedupe, maxBodyBytes, ratePerSecond, EventTypeSpec.DEFAULT);
    }

    public SourceSpec(String name, VerifySpec verify, DedupeSpec dedupe, long maxBodyBytes) {
        this(name, verify, dedupe, maxBodyBytes, 0);
    }
}
