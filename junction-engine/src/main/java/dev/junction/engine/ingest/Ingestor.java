package dev.junction.engine.ingest;

import dev.junction.core.config.SourceSpec;
import dev.junction.core.model.Ids;
import dev.junction.core.verify.DedupeKey;
import dev.junction.core.verify.DedupeKeys;
import dev.junction.core.verify.EventTypes;
import dev.junction.core.verify.SignatureSchemes;
import dev.junction.core.verify.Verification;
import dev.junction.core.verify.Verifier;
import dev.junction.core.verify.WebhookRequest;
import dev.junction.engine.route.Router;
import dev.junction.store.IngestOutcome;
import dev.junction.store.NewMessage;
import dev.junction.store.PlannedDelivery;
import dev.junction.store.EventLog;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.function.LongSupplier;
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
    private static final Set<String> DROPPED_HEADERS = Set.of("authorization", "x-api-key", "cookie", "proxy-authorization",
            "host", "content-length", "connection", "transfer-encoding", "accept-encoding");

    private record Binding(SourceSpec spec, Verifier verifier, RateLimiter rateLimiter) {}

    private final Map<String, Binding> sources;
    private final Router router;
    private final EventLog store;
    private final Clock clock;
    private final Ids ids;
    private final Handoff handoff;
    private final RejectionCounters rejections = new RejectionCounters();
    private volatile long maxBacklog;
    private volatile LongSupplier backlog = () -> 0;

    /**
     * Refuse new events with 503 while more than {@code maxBacklog} deliveries wait (0: no limit);
     * {@code backlog} should be cheap (a cached count), it is read on every request.
     */
    public void limitBacklog(long maxBacklog, LongSupplier backlog) {
        this.maxBacklog = maxBacklog;
        this.backlog = backlog;
    }

    /**
     * What ingest tells the delivery side: before storing, which deliveries this node will send itself
     * (leased in the same transaction); after, what was stored (or null when storing failed).
     */
    public interface Handoff {
        List<PlannedDelivery> beforeStore(List<PlannedDelivery> planned);

        void afterStore(List<PlannedDelivery> planned, IngestOutcome outcome);
    }

    public Ingestor(Map<String, SourceSpec> sources, Router router, EventLog store, Clock clock, Ids ids, Handoff handoff) {
        Map<String, Binding> bound = new LinkedHashMap<>();
        sources.forEach((name, spec) -> bound.put(name, new Binding(spec, SignatureSchemes.create(spec.verify()),
                spec.ratePerSecond() == 0 ? null : RateLimiter.of("source-" + name, RateLimiterConfig.custom()
                        .limitForPeriod(spec.ratePerSecond()).limitRefreshPeriod(Duration.ofSeconds(1)).timeoutDuration(Duration.ZERO).build()))));
        this.sources = Map.copyOf(bound);
        this.router = router;
        this.store = store;
        this.clock = clock;
        this.ids = ids;
        this.handoff = handoff;
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
        IngestResult.TooLarge result = new IngestResult.TooLarge(maxBodyBytes(source));
        count(source, result, null);
        return result;
    }

    private volatile dev.junction.engine.observe.PipelineMetrics metrics = dev.junction.engine.observe.PipelineMetrics.inMemory();

    public void metrics(dev.junction.engine.observe.PipelineMetrics metrics) {
        this.metrics = metrics;
    }

    public IngestResult ingest(String source, WebhookRequest request, String contentType, String traceId) {
        long started = System.nanoTime();
        IngestResult result = ingestUnmetered(source, request, contentType, traceId);
        count(source, result, Duration.ofNanos(System.nanoTime() - started));
        return result;
    }

    private void count(String source, IngestResult result, Duration took) {
        RequestOutcome outcome = RequestOutcome.of(result);
        String bucket = sources.containsKey(source) ? source : RequestOutcome.UNKNOWN_SOURCE_BUCKET;
        if (outcome.rejection()) rejections.increment(bucket, outcome);
        metrics.ingested(bucket, outcome, took);
    }

    private IngestResult ingestUnmetered(String source, WebhookRequest request, String contentType, String traceId) {
        Binding binding = sources.get(source);
        if (binding == null) {
            return new IngestResult.UnknownSource(source);
        }
        if (request.body().length > binding.spec().maxBodyBytes()) {
            return new IngestResult.TooLarge(binding.spec().maxBodyBytes());
        }
        Verification verification = binding.verifier().verify(request, clock.instant());
        if (verification instanceof Verification.Invalid invalid) {
            return new IngestResult.Unverified(invalid.reason());
        }
        // Limits are checked after verification, so forged requests cannot spend a source's allowance.
        if (binding.rateLimiter() != null && !binding.rateLimiter().acquirePermission()) {
            return new IngestResult.RateLimited(1);
        }
        long waiting = maxBacklog > 0 ? backlog.getAsLong() : 0;
        if (maxBacklog > 0 && waiting > maxBacklog) {
            return new IngestResult.Overloaded(waiting, 5);
        }
        // After the signature and the limits: a forged body is 401 whatever it holds, and parsing is not spent on refusals.
        DedupeKey key = DedupeKeys.of(request, binding.verifier(), binding.spec().dedupe());
        if (key instanceof DedupeKey.Malformed(DedupeKey.Reason reason, String detail)) {
            return new IngestResult.MalformedPayload(reason, detail);
        }
        String dedupeKey = ((DedupeKey.Key) key).value();
        String eventType = EventTypes.of(request, binding.verifier(), binding.spec().eventType()).orElse(null);
        NewMessage message = new NewMessage(ids.next("msg"), source, dedupeKey, clock.instant(), contentType,
                keptHeaders(request), request.body(), traceId, eventType);
        List<PlannedDelivery> destinations = handoff.beforeStore(router.plan(source, eventType, request));
        IngestOutcome outcome = null;
        try {
            outcome = store.append(message, destinations, () -> ids.next("dlv"));
        } finally {
            handoff.afterStore(destinations, outcome);
        }
        if (outcome.duplicate()) return new IngestResult.Duplicate(outcome.messageId());
        // Stored all the same: its story says why it went nowhere.
        if (destinations.isEmpty()) metrics.unrouted(source);
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
