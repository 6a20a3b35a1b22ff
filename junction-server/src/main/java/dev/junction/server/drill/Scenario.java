package dev.junction.server.drill;

/**
 * What a drill sends, each the way production will: the situations a receiver meets after launch, not before.
 * {@code refusedWhy} and {@code refusedFix} say what a refusal (a final 4xx) means in this situation.
 */
enum Scenario {
    DUPLICATES("duplicates", "one event three times with one webhook-id: once, then twice at the same moment",
            "Production sends an event again after a timeout, a 5xx or a replay, sometimes while the first copy is still being worked on; a copy refused becomes a dead letter for an event that was in fact processed.",
            "Keep the webhook-ids you have processed (a unique key, checked before processing, in the same transaction) and answer a copy with the 2xx the first got."),
    OUT_OF_ORDER("out-of-order", "five events of one sequence, sent last first",
            "Retries, replays and parallel deliveries overtake one another, so events arrive out of order; an event refused for arriving early becomes a dead letter.",
            "Accept events in any order: compare the event's own timestamp or version with what you hold and ignore an older one (answer 2xx), rather than refusing it."),
    RETRY_AFTER_5XX("retry-after-5xx", "an event, then the same event again after the retry policy's first delay, as after a 5xx (and more while the answer is a 5xx)",
            "After a 5xx production sends the same event again, with a new webhook-timestamp and signature; a receiver that refuses the retry turns a passing failure into a dead letter.",
            "Verify each attempt's own signature and timestamp, dedupe on webhook-id, and answer the retry with a 2xx."),
    RETRY_AFTER_TIMEOUT("retry-after-timeout", "an event whose connection is closed before any answer (production's timeout ran out), then the same event again after the retry policy's first delay",
            "When production's timeout runs out the receiver may still process the first attempt; the retry arrives for an event it already has (or is still working on) and must not be refused or processed twice.",
            "Dedupe on webhook-id before processing, inside the same transaction as the work, and answer the retry with a 2xx."),
    BURST("burst", "many different events at the same moment",
            "A backlog drains at once after an outage or a deploy: the receiver gets many deliveries together, each bound by the timeout.",
            "Answer 429 with Retry-After when full (production waits and retries) rather than 4xx; keep the work out of the request so answers stay fast.");

    private final String id;
    private final String sends;
    private final String refusedWhy;
    private final String refusedFix;

    Scenario(String id, String sends, String refusedWhy, String refusedFix) {
        this.id = id;
        this.sends = sends;
        this.refusedWhy = refusedWhy;
        this.refusedFix = refusedFix;
    }

    String id() { return id; }

    /** What is sent, in plain words. */
    String sends() { return sends; }

    String refusedWhy() { return refusedWhy; }

    String refusedFix() { return refusedFix; }
}
