package dev.junction.core.config;

/**
 * A source: either one that calls Junction ({@code POST /in/{name}}, with {@code verify}) or one Junction
 * polls: a JSON API ({@code poll} set) or calendar feeds ({@code ical} set), {@code verify} null. All append to the
 * same log and are routed alike.
 *
 * @param ratePerSecond requests accepted per second before answering 429; 0 for no limit
 * @param eventType     where its events' type is read; null means {@link EventTypeSpec#DEFAULT}
 * @param poll          the poll of a polled JSON API, else null
 * @param ical          the calendars of an iCal sync, else null
 */
public record SourceSpec(String name, VerifySpec verify, DedupeSpec dedupe, long maxBodyBytes, int ratePerSecond,
                         EventTypeSpec eventType, PollSpec poll, IcalSpec ical) {
    public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

    public SourceSpec {
        eventType = eventType == null ? EventTypeSpec.DEFAULT : eventType;
        int kinds = (verify == null ? 0 : 1) + (poll == null ? 0 : 1) + (ical == null ? 0 : 1);
        if (kinds != 1) throw new IllegalArgumentException("a source has exactly one of verify, poll and ical");
    }

    public SourceSpec(String name, VerifySpec verify, DedupeSpec dedupe, long maxBodyBytes, int ratePerSecond,
                      EventTypeSpec eventType, PollSpec poll) {
        this(name, verify, dedupe, maxBodyBytes, ratePerSecond, eventType, poll, null);
    }

    public SourceSpec(String name, VerifySpec verify, DedupeSpec dedupe, long maxBodyBytes, int ratePerSecond,
                      EventTypeSpec eventType) {
        this(name, verify, dedupe, maxBodyBytes, ratePerSecond, eventType, null);
    }

    /** A polled JSON API. */
    public static SourceSpec polled(String name, PollSpec poll) {
        return new SourceSpec(name, null, DedupeSpec.DEFAULT, DEFAULT_MAX_BODY_BYTES, 0, EventTypeSpec.DEFAULT, poll);
    }

    /** An iCal sync. */
    public static SourceSpec ical(String name, IcalSpec ical) {
        return new SourceSpec(name, null, DedupeSpec.DEFAULT, DEFAULT_MAX_BODY_BYTES, 0, EventTypeSpec.DEFAULT, null, ical);
    }

    /** True for a source Junction polls (a JSON API or calendar feeds): it takes no webhooks. */
    public boolean polled() {
        return poll != null || ical != null;
    }

    /** How the source comes in: {@code webhook}, {@code poll} or {@code ical}, as the admin API shows it. */
    public String kind() {
        return ical != null ? "ical" : poll != null ? "poll" : "webhook";
    }

    public SourceSpec(String name, VerifySpec verify, DedupeSpec dedupe, long maxBodyBytes, int ratePerSecond) {
        this(name, verify, dedupe, maxBodyBytes, ratePerSecond, EventTypeSpec.DEFAULT);
    }

    public SourceSpec(String name, VerifySpec verify, DedupeSpec dedupe, long maxBodyBytes) {
        this(name, verify, dedupe, maxBodyBytes, 0);
    }
}
