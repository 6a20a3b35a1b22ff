package dev.junction.engine.ingest;

import dev.junction.core.config.SourceSpec;
import dev.junction.core.model.Ids;
import dev.junction.core.verify.DedupeKeys;
import dev.junction.core.verify.SignatureSchemes;
import dev.junction.core.verify.Verification;
import dev.junction.core.verify.Verifier;
import dev.junction.core.verify.WebhookRequest;
import dev.junction.engine.route.Router;
import dev.junction.store.IngestOutcome;
import dev.junction.store.NewMessage;
import dev.junction.store.PlannedDelivery;
import dev.junction.store.Store;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Verifies, deduplicates and durably stores inbound webhooks. A result of {@link IngestResult.Accepted}
 * means the message and its deliveries are committed: only then may the sender get a 2xx.
 */
public final class Ingestor {

    /** Headers kept with a message: enough to explain it, never credentials of the gateway itself. */
    private static final Set<String> DROPPED_HEADERS = Set.of("authorization", "cookie", "proxy-authorization",
            "host", "content-length", "connection", "transfer-encoding", "accept-encoding");

    private record Binding(SourceSpec spec, Verifier verifier) {}

    private final Map<String, Binding> sources;
    private final Router router;
    private final Store store;
    private final Clock clock;
    private final Ids ids;
    private final Runnable onAccepted;
    private final RejectionCounters rejections = new RejectionCounters();

    public Ingestor(Map<String, SourceSpec> sources, Router router, Store store, Clock clock, Ids ids, Runnable onAccepted) {
        Map<String, Binding> bound = new LinkedHashMap<>();
        sources.forEach((name, spec) -> bound.put(name, new Binding(spec, SignatureSchemes.create(spec.verify()))));
        this.sources = Map.copyOf(bound);
        this.router = router;
        this.store = store;
        this.clock = clock;
        this.ids = ids;
        this.onAccepted = onAccepted;
    }

    /** The body limit of a source, so the HTTP layer can refuse an oversized body before reading it all. */
    public long maxBodyBytes(String source) {
        Binding b = sources.get(source);
        return b == null ? SourceSpec.DEFAULT_MAX_BODY_BYTES : b.spec().maxBodyBytes();
    }

    public Set<String> sources() {
        return sources.keySet();
    }

    public boolean knows(String source) {
        return sources.containsKey(source);
    }

    public RejectionCounters rejections() {
        return rejections;
    }

    /** Counts a request refused on its declared length, before its body was read. */
    public IngestResult.TooLarge refuseTooLarge(String source) {
        rejections.increment(source, "too-large");
        return new IngestResult.TooLarge(maxBodyBytes(source));
    }

    public IngestResult ingest(String source, WebhookRequest request, String contentType, String traceId) {
        Binding binding = sources.get(source);
        if (binding == null) {
            rejections.increment("_unknown", "unknown-source");
            return new IngestResult.UnknownSource(source);
        }
        if (request.body().length > binding.spec().maxBodyBytes()) {
            rejections.increment(source, "too-large");
            return new IngestResult.TooLarge(binding.spec().maxBodyBytes());
        }
        Verification verification = binding.verifier().verify(request, clock.instant());
        if (verification instanceof Verification.Invalid invalid) {
            rejections.increment(source, invalid.reason().slug());
            return new IngestResult.Unverified(invalid.reason());
        }
        String dedupeKey = DedupeKeys.of(request, binding.verifier(), binding.spec().dedupe());
        List<PlannedDelivery> destinations = router.plan(source, request);
        NewMessage message = new NewMessage(ids.next("msg"), source, dedupeKey, clock.instant(), contentType,
                keptHeaders(request), request.body(), traceId);
        IngestOutcome outcome = store.ingestPlanned(message, destinations, () -> ids.next("dlv"));
        if (outcome.duplicate()) return new IngestResult.Duplicate(outcome.messageId());
        if (!destinations.isEmpty()) onAccepted.run();
        return new IngestResult.Accepted(outcome.messageId());
    }

    private static Map<String, String> keptHeaders(WebhookRequest request) {
        Map<String, String> kept = new LinkedHashMap<>();
        request.headers().forEach((name, values) -> {
            if (!DROPPED_HEADERS.contains(name.toLowerCase(Locale.ROOT)) && !values.isEmpty()) {
                kept.put(name, String.join(", ", values));
            }
        });
        return kept;
    }
}
