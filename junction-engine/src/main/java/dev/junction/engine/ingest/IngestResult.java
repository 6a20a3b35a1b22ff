package dev.junction.engine.ingest;

import dev.junction.core.verify.DedupeKey;
import dev.junction.core.verify.Verification;

/** What ingest made of one inbound request. */
public sealed interface IngestResult {
    /** Stored durably, for the first time. */
    record Accepted(String messageId) implements IngestResult {}
    /** Its dedupe key was seen before: nothing new stored. */
    record Duplicate(String messageId) implements IngestResult {}
    /** A verified handshake of the provider's (Slack's url_verification), answered with {@code answer}: nothing stored. */
    record Handshake(String answer) implements IngestResult {}
    record UnknownSource(String source) implements IngestResult {}
    record TooLarge(long limitBytes) implements IngestResult {}
    /** Refused by the source's signature check; {@code detail} says why for the sender, naming no secret. */
    record Unverified(Verification.Reason reason, String detail) implements IngestResult {}
    /**
     * Verified, but the dedupe key the source promises is not usably in it (400): nothing stored.
     * {@code detail} names at most a pointer or header and a JSON type, never body content.
     */
    record MalformedPayload(DedupeKey.Reason reason, String detail) implements IngestResult {}
    /** The source's rate limit is spent for now: retry after the given seconds (429). */
    record RateLimited(int retryAfterSeconds) implements IngestResult {}
    /** Too much undelivered work: refused at once so the sender retries later (503). */
    record Overloaded(long backlog, int retryAfterSeconds) implements IngestResult {}
}
