package dev.junction.core.config;

/**
 * A source: either one that calls Junction ({@code POST /in/{name}}, with {@code verify}) or one Junction
 * polls ({@code poll} set, {@code verify} null). Both append to the same log and are routed alike.
 *
 * @param ratePerSecond requests accepted per second before answering 429; 0 for no limit
 * @param eventType     where its events' type is read; null means {@link EventTypeSpec#DEFAULT}
 * @param poll          the poll of a polled source, null for a webhook source
 */
public record SourceSpec(String name, VerifySpec verify, DedupeSpec dedupe, long maxBodyBytes, int ratePerSecond,
                         EventTypeSpec eventType, PollSpec poll) {
    public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

    public SourceSpec {
        eventType = eventType == null ? EventTypeSpec.DEFAULT : eventType;
        if ((verify == null) == (poll == null)) throw new IllegalArgumentException("a source has either verify or poll");
    }

    public SourceSpec(String name, VerifySpec verify, DedupeSpec dedupe, long maxBodyBytes, int ratePerSecond,
                      EventTypeSpec eventType) {
        this(name, verify, dedupe, maxBodyBytes, ratePerSecond, eventType, null);
    }

    /** A polled source. */
    public static SourceSpec polled(String name, PollSpec poll) {
        return new SourceSpec(name, null, DedupeSpec.DEFAULT, DEFAULT_MAX_BODY_BYTES, 0, EventTypeSpec.DEFAULT, poll);
    }

    /** True for a source Junction polls: it takes no webhooks. */
    public boolean polled() {
        return poll != null;
    }

    public SourceSpec(String name, VerifySpec verify, DedupeSpec dedupe, long maxBodyBytes, int ratePerSecond) {
        this(name, verify, dedupe, maxBodyBytes, ratePerSecond, EventTypeSpec.DEFAULT);
    }

    public SourceSpec(String name, VerifySpec verify, DedupeSpec dedupe, long maxBodyBytes) {
        this(name, verify, dedupe, maxBodyBytes, 0);
    }
}
