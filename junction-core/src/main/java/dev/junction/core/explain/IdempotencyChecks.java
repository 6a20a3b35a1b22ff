package dev.junction.core.explain;

import static dev.junction.core.explain.Area.IDEMPOTENCY;

import dev.junction.core.config.SourceSpec;
import java.util.List;
import java.util.stream.Stream;

/** A unique key per event, checked before it is processed; publishers' retries answered, not repeated. */
final class IdempotencyChecks implements Check {

    static final Rule DEDUPE_KEY = new Rule("dedupe-key", IDEMPOTENCY, "Each incoming event has a unique key",
            "Providers resend: after a timeout, a 5xx or a redeploy. With a key, the copy is answered as the first was and "
                    + "stored once; without one only byte-identical copies collapse, and a resend with a new timestamp is "
                    + "delivered twice.",
            "Name the key: dedupe: { json-pointer: /id } (or { header: X-Event-Id }).");
    static final Rule IDEMPOTENCY_KEY = new Rule("idempotency-key", IDEMPOTENCY, "Publishers send an Idempotency-Key",
            "A publisher that retries a POST after a timeout publishes the event twice unless the retry carries the same "
                    + "Idempotency-Key, which Junction answers from the first request.",
            "Set outbound.require-idempotency-key: true.");

    @Override
    public List<Rule> rules() {
        return List.of(DEDUPE_KEY, IDEMPOTENCY_KEY);
    }

    @Override
    public Stream<Finding> apply(Blueprint b) {
        Stream<Finding> sources = b.sources().values().stream().filter(s -> s.verify() != null).map(IdempotencyChecks::key);
        Stream<Finding> outbound = b.outbound() == null ? Stream.empty() : Stream.of(b.outbound().requireIdempotencyKey()
                ? IDEMPOTENCY_KEY.pass("outbound", "outbound.require-idempotency-key", "required")
                : IDEMPOTENCY_KEY.warn("outbound", "outbound.require-idempotency-key", "publishes without one are accepted"));
        return Stream.concat(sources, outbound);
    }

    private static Finding key(SourceSpec s) {
        String path = "sources." + s.name() + ".dedupe";
        Integration.WebhookSource source = new Integration.WebhookSource(s);
        return source.namesItsKeys()
                ? DEDUPE_KEY.pass(s.name(), path, s.dedupe().header() != null || s.dedupe().jsonPointer() != null
                        ? "the configured key" : "the " + s.verify().scheme() + " event's own id")
                : DEDUPE_KEY.warn(s.name(), path, "scheme " + s.verify().scheme() + " names no key: duplicates collapse only when byte-identical");
    }
}
