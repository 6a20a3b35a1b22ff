package dev.junction.engine.ingest;

import dev.junction.core.verify.DedupeKey;
import dev.junction.core.verify.Verification;
import java.util.Arrays;
import java.util.List;

/**
 * Every way an inbound request can end, named as the {@code outcome} label of
 * {@code junction_ingest_requests_total} and the reason of a rejection count. The metrics declare each
 * of these at 0 on start, so adding an outcome here is all a new one needs.
 */
public enum RequestOutcome {
    ACCEPTED("accepted"),
    DUPLICATE("duplicate"),
    /** A provider's check of the URL (Slack's url_verification), answered and not stored. */
    HANDSHAKE("handshake"),
    BAD_SIGNATURE(Verification.Reason.BAD_SIGNATURE),
    MISSING_SIGNATURE(Verification.Reason.MISSING_SIGNATURE),
    MALFORMED_SIGNATURE(Verification.Reason.MALFORMED_SIGNATURE),
    STALE_TIMESTAMP(Verification.Reason.STALE_TIMESTAMP),
    /** Signed bodies without the dedupe key their source promises (400 malformed-payload), one outcome per reason. */
    MALFORMED_NOT_JSON(DedupeKey.Reason.NOT_JSON),
    MALFORMED_KEY_MISSING(DedupeKey.Reason.KEY_MISSING),
    MALFORMED_KEY_EMPTY(DedupeKey.Reason.KEY_EMPTY),
    MALFORMED_KEY_WRONG_TYPE(DedupeKey.Reason.KEY_WRONG_TYPE),
    TOO_LARGE("too-large"),
    RATE_LIMITED("rate-limited"),
    OVERLOADED("overloaded"),
    /** The store did not take the write (a lost connection, a full or read-only disk): 503, nothing acknowledged. */
    STORE_UNAVAILABLE("store-unavailable"),
    /** Counted under the source {@link #UNKNOWN_SOURCE_BUCKET} only. */
    UNKNOWN_SOURCE("unknown-source");

    /** The source label of requests to unknown names: one bucket, so random URLs cannot grow the label set. */
    public static final String UNKNOWN_SOURCE_BUCKET = "_unknown";

    private final String label;

    RequestOutcome(String label) {
        this.label = label;
    }

    /** A verification failure keeps the reason's own slug, so metrics and problem details agree. */
    RequestOutcome(Verification.Reason reason) {
        this(reason.slug());
    }

    /** A malformed payload is counted as {@code malformed-<reason>}: bounded, and says what to fix. */
    RequestOutcome(DedupeKey.Reason reason) {
        this("malformed-" + reason.slug());
    }

    public String label() { return label; }

    /** Anything but accepted, duplicate and a handshake: the request was refused and nothing was stored. */
    public boolean rejection() {
        return this != ACCEPTED && this != DUPLICATE && this != HANDSHAKE;
    }

    /** The outcomes a configured source can have: all but {@link #UNKNOWN_SOURCE}. */
    public static List<RequestOutcome> ofKnownSource() {
        return Arrays.stream(values()).filter(o -> o != UNKNOWN_SOURCE).toList();
    }

    public static RequestOutcome of(IngestResult result) {
        return switch (result) {
            case IngestResult.Accepted a -> ACCEPTED;
            case IngestResult.Duplicate d -> DUPLICATE;
            case IngestResult.Handshake h -> HANDSHAKE;
            case IngestResult.UnknownSource u -> UNKNOWN_SOURCE;
            case IngestResult.TooLarge t -> TOO_LARGE;
            case IngestResult.Unverified u -> of(u.reason());
            case IngestResult.MalformedPayload m -> of(m.reason());
            case IngestResult.RateLimited r -> RATE_LIMITED;
            case IngestResult.Overloaded o -> OVERLOADED;
        };
    }

    /** Exhaustive, so a new reason does not compile until it has an outcome here. */
    public static RequestOutcome of(DedupeKey.Reason reason) {
        return switch (reason) {
            case NOT_JSON -> MALFORMED_NOT_JSON;
            case KEY_MISSING -> MALFORMED_KEY_MISSING;
            case KEY_EMPTY -> MALFORMED_KEY_EMPTY;
            case KEY_WRONG_TYPE -> MALFORMED_KEY_WRONG_TYPE;
        };
    }

    /** Exhaustive, so a new verification reason does not compile until it has an outcome here. */
    public static RequestOutcome of(Verification.Reason reason) {
        return switch (reason) {
            case BAD_SIGNATURE -> BAD_SIGNATURE;
            case MISSING_SIGNATURE -> MISSING_SIGNATURE;
            case MALFORMED_SIGNATURE -> MALFORMED_SIGNATURE;
            case STALE_TIMESTAMP -> STALE_TIMESTAMP;
        };
    }
}
