package dev.junction.core.explain;

import static dev.junction.core.explain.FailureClass.PARTIAL;
import static dev.junction.core.explain.FailureClass.PERMANENT;
import static dev.junction.core.explain.FailureClass.TRANSIENT;

import dev.junction.core.config.DestinationSpec;
import dev.junction.core.config.IcalSpec;
import dev.junction.core.config.PollSpec;
import java.util.List;

/** What each class of failure is for each kind of integration, and what Junction does about it. */
final class FailureRows {

    private FailureRows() {}

    static List<FailureRow> of(Integration integration, Blueprint blueprint) {
        return switch (integration) {
            case Integration.WebhookSource w -> List.of(
                    new FailureRow(TRANSIENT, "over the rate limit (429), the store unavailable or the gateway overloaded (503)",
                            "answered before anything is stored; the provider retries on its own schedule, and the dedupe key makes "
                            + "its retry count once"),
                    new FailureRow(PERMANENT, refusals(w.spec()), "refused, stored nowhere, counted in the metrics; never retried into the log"),
                    new FailureRow(PARTIAL, "stored, but a destination it is routed to fails",
                            "that destination's delivery retries and dead-letters on its own (see its page); the others are not held back"));
            case Integration.PolledSource p -> List.of(
                    new FailureRow(TRANSIENT, "the API answers 5xx or 429, or a request takes over " + DurationText.of(p.spec().poll().timeout()),
                            "the poll fails and nothing moves; the next backs off with full jitter up to 64 intervals (at most an hour), "
                            + "with a Retry-After as a floor"),
                    new FailureRow(PERMANENT, "a page that is not JSON, a listing over " + PollSpec.MAX_PAGES + " pages",
                            "the poll fails as a whole and is recorded (junction_polls_total{outcome=\"failed\"}); nothing is skipped: "
                            + "the next poll sees the same changes"),
                    new FailureRow(PARTIAL, "an item without its id; a listing that would delete too much at once, or comes back empty",
                            "the item is skipped and named in the poll's record, the others' changes are taken, and nothing is deleted that "
                            + "poll; deletions over the guard are withheld (junction_poll_deletions_withheld_total) until a later listing "
                            + "or an operator (take-deletions) decides"),
                    new FailureRow(PARTIAL, "a change that a destination refuses", "a dead letter at that destination, for review and replay"));
            case Integration.CalendarSource c -> calendar(c.spec().ical());
            case Integration.Destination d -> destination(d.spec());
            case Integration.Outbound o -> List.of(
                    new FailureRow(TRANSIENT, "an endpoint answers 408, 425, 429 or 5xx, times out, or cannot be reached",
                            "retried with backoff and full jitter, each endpoint on its own"),
                    new FailureRow(PERMANENT, "an endpoint URL on a private network (the SSRF guard" + (o.spec().allowNetworks().isEmpty() ? ""
                            : "; let through: " + String.join(", ", o.spec().allowNetworks().stream().map(Object::toString).toList())) + "), any other 4xx",
                            "refused (422) when the endpoint is registered; a 4xx answer is dead at once"),
                    new FailureRow(PARTIAL, "an endpoint that keeps failing", "its messages dead-letter; after "
                            + (o.spec().disableAfter() == null ? "never (disable-after: never)" : DurationText.of(o.spec().disableAfter()))
                            + " without a success it is disabled" + (o.spec().operational() == null ? "" : ", and "
                            + o.spec().operational() + " gets message.dead and endpoint.disabled")));
        };
    }

    /** What a webhook source refuses, as its scheme and dedupe settings make it: a timestamp or a body key only where there is one. */
    static String refusals(dev.junction.core.config.SourceSpec source) {
        dev.junction.core.config.VerifySpec verify = source.verify();
        String scheme = verify.scheme();
        boolean timestamp = switch (scheme) {
            case "stripe", "slack", "standard-webhooks" -> true;
            case "hmac" -> verify.hmac() != null && verify.hmac().timestampHeader() != null;
            default -> false;
        };
        dev.junction.core.config.DedupeSpec dedupe = source.dedupe() == null ? dev.junction.core.config.DedupeSpec.DEFAULT : source.dedupe();
        String key;
        if (dedupe.jsonPointer() != null) key = "not JSON or without its id at " + dedupe.jsonPointer() + " (400)";
        else if (dedupe.header() != null) key = "without its " + dedupe.header() + " header (400)";
        else key = switch (scheme) {
            case "stripe" -> "not JSON or without its id at /id (400)";
            case "slack" -> "a JSON event without its event_id (400)";
            case "github" -> "without its X-GitHub-Delivery header (400)";
            case "shopify" -> "without its X-Shopify-Event-Id or X-Shopify-Webhook-Id header (400)";
            case "standard-webhooks" -> "without its webhook-id header (401: it is signed)";
            default -> null; // deduplicated by the body's hash: every body has one
        };
        String signature = scheme.equals("none") ? null
                : "a bad or missing signature" + (timestamp ? ", a timestamp more than " + DurationText.of(verify.tolerance()) + " off" : "") + " (401)";
        return java.util.stream.Stream.of(signature, key, "a body over the size limit (413)").filter(java.util.Objects::nonNull)
                .collect(java.util.stream.Collectors.joining("; "));
    }

    static List<FailureRow> calendar(IcalSpec ical) {
        return List.of(
                new FailureRow(TRANSIENT, "a feed times out (" + DurationText.of(ical.timeout()) + ") or answers 4xx or 5xx",
                        "that feed keeps the bookings it had, the others go on; with no good poll for " + DurationText.of(ical.staleAfter())
                        + " it raises feed.stale"),
                new FailureRow(PERMANENT, "a feed that is not a calendar (a login page, an error page) or does not parse",
                        "held as suspect (feed.suspect): its bookings are kept, never cancelled for it; never taken by repetition, only "
                        + "when a calendar comes back or an operator releases it"),
                new FailureRow(PARTIAL, "a poll that finds a feed empty where it had bookings, or that loses more than "
                        + Math.round(ical.massRemovalShare() * 100) + "% (and more than " + ical.massRemovalMinimum() + ") of its bookings at once",
                        "held as suspect (feed.suspect) and not applied, until the same answer comes " + ical.releaseAfter() + " more times over "
                        + DurationText.of(ical.releaseHold()) + ", or an operator releases it"));
    }

    private static List<FailureRow> destination(DestinationSpec d) {
        String timeout = DurationText.of(d.timeout());
        String retried = "retried with exponential backoff and full jitter (the schedule below)";
        FailureRow partial = new FailureRow(PARTIAL, "still failing after " + d.retry().maxAttempts() + " attempts, or past the "
                + DurationText.of(d.guard().deadline()) + " deadline", "a dead letter, kept for review and replay");
        return switch (d.kind()) {
            case HTTP -> List.of(
                    new FailureRow(TRANSIENT, "408, 425, 429, 5xx, no answer within " + timeout + ", connection and DNS errors", retried),
                    new FailureRow(PERMANENT, "any other 4xx, and 3xx (redirects are not followed: the body would be lost)",
                            "not retried: dead at once"),
                    partial);
            // A broker's refusals are retried (AmqpErrors, NatsSender): each can be fixed on the broker while the delivery waits.
            case AMQP -> List.of(
                    new FailureRow(TRANSIENT, "no confirm within " + timeout + ", the connection lost; the broker refusing the message "
                            + "(no queue bound: unroutable, a nack, no such exchange or virtual host, a refused login)", retried),
                    partial);
            case NATS -> List.of(
                    new FailureRow(TRANSIENT, "no PubAck within " + timeout + ", the connection lost; JetStream refusing the message "
                            + "(no stream captures the subject, a stream limit reached), a refused login", retried),
                    new FailureRow(PERMANENT, "a message over the server's max_payload", "not retried: dead at once"),
                    partial);
        };
    }
}
