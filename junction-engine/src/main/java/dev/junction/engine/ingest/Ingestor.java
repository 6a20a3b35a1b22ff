package dev.junction.engine.ingest;

import dev.junction.core.config.SourceSpec;
import dev.junction.core.verify.DedupeKey;
import dev.junction.core.verify.DedupeKeys;
import dev.junction.core.verify.EventTypes;
import dev.junction.core.verify.SignatureSchemes;
import dev.junction.core.verify.Verification;
import dev.junction.core.verify.Verifier;
import dev.junction.core.verify.WebhookRequest;
import dev.junction.engine.append.Appended;
import dev.junction.engine.append.Appender;
import dev.junction.engine.append.Arrival;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The webhook door: verifies a request's signature, applies the source's limits, reads its dedupe key and
 * event type, and appends it to the log through the {@link Appender} every door shares. A result of {@link
 * IngestResult.Accepted} means the message and its deliveries are committed: only then may the sender get a 2xx.
 */
public final class Ingestor {

    /** Headers kept with a message: enough to explain it, never credentials of the gateway itself. */
    private static final Set<String> DROPPED_HEADERS = Set.of("authorization", "x-api-key", "cookie", "proxy-authorization",
            "host", "content-length", "connection", "transfer-encoding", "accept-encoding");

    /** How long an overloaded gateway asks senders to wait. */
    private static final int OVERLOADED_RETRY_AFTER_SECONDS = 5;

    private record Binding(SourceSpec spec, Verifier verifier, RateLimiter rateLimiter) {}

    private final Map<String, Binding> sources;
    private final Appender appender;
    private final Clock clock;
    private final RejectionCounters rejections = new RejectionCounters();

    public Ingestor(Map<String, SourceSpec> sources, Appender appender, Clock clock) {
        Map<String, Binding> bound = new LinkedHashMap<>();
        for (Map.Entry<String, SourceSpec> e : sources.entrySet()) {
            SourceSpec spec = e.getValue();
            if (spec.polled()) continue; // a polled source takes no webhooks: POST /in/{name} does not know it
            RateLimiter limiter = spec.ratePerSecond() == 0 ? null : RateLimiter.of("source-" + e.getKey(), RateLimiterConfig.custom()
                    .limitForPeriod(spec.ratePerSecond()).limitRefreshPeriod(Duration.ofSeconds(1)).timeoutDuration(Duration.ZERO).build());
            bound.put(e.getKey(), new Binding(spec, SignatureSchemes.create(spec.verify()), limiter));
        }
        this.sources = Map.copyOf(bound);
        this.appender = appender;
        this.clock = clock;
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
        count(source, RequestOutcome.of(result), null);
        return result;
    }

    private volatile dev.junction.engine.observe.PipelineMetrics metrics = dev.junction.engine.observe.PipelineMetrics.inMemory();

    public void metrics(dev.junction.engine.observe.PipelineMetrics metrics) {
        this.metrics = metrics;
    }

    /**
     * Every request is counted, also one the store could not take: its {@link dev.junction.store.StoreException}
     * (answered 503 by the caller) is counted as overloaded or store-unavailable, then thrown on.
     */
    public IngestResult ingest(String source, WebhookRequest request, String contentType, String traceId) {
        long started = System.nanoTime();
        IngestResult result;
        try {
            result = ingestUnmetered(source, request, contentType, traceId);
        } catch (dev.junction.store.StoreException e) {
            count(source, e instanceof dev.junction.store.StoreOverloadedException ? RequestOutcome.OVERLOADED : RequestOutcome.STORE_UNAVAILABLE,
                    Duration.ofNanos(System.nanoTime() - started));
            throw e;
        }
        count(source, RequestOutcome.of(result), Duration.ofNanos(System.nanoTime() - started));
        return result;
    }

    private void count(String source, RequestOutcome outcome, Duration took) {
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
        Instant now = clock.instant();
        Verification verification = binding.verifier().verify(request, now);
        if (verification instanceof Verification.Invalid invalid) {
            // A stale timestamp says how far it was from this clock and the tolerance: a drifted clock is told from a replay.
            return new IngestResult.Unverified(invalid.reason(), binding.verifier().rejectionDetail(invalid.reason(), request, now));
        }
        // Answered before the limits: a provider checking its URL is not an event and stores nothing.
        Optional<String> handshake = binding.verifier().handshake(request);
        if (handshake.isPresent()) return new IngestResult.Handshake(handshake.get());
        // Limits are checked after verification, so forged requests cannot spend a source's allowance.
        if (binding.rateLimiter() != null && !binding.rateLimiter().acquirePermission()) {
            return new IngestResult.RateLimited(1);
        }
        OptionalLong over = appender.overloaded(); // before parsing: an overloaded gateway spends nothing more
        if (over.isPresent()) return new IngestResult.Overloaded(over.getAsLong(), OVERLOADED_RETRY_AFTER_SECONDS);
        // After the signature and the limits: a forged body is 401 whatever it holds, and parsing is not spent on refusals.
        DedupeKey key = DedupeKeys.of(request, binding.verifier(), binding.spec().dedupe());
        if (key instanceof DedupeKey.Malformed(DedupeKey.Reason reason, String detail)) {
            return new IngestResult.MalformedPayload(reason, detail);
        }
        String dedupeKey = ((DedupeKey.Key) key).value();
        String eventType = EventTypes.of(request, binding.verifier(), binding.spec().eventType()).orElse(null);
        return switch (appender.append(new Arrival(source, dedupeKey, eventType, contentType, keptHeaders(request), request, traceId))) {
            case Appended.Stored stored -> new IngestResult.Accepted(stored.messageId());
            case Appended.Duplicate duplicate -> new IngestResult.Duplicate(duplicate.messageId());
            case Appended.Overloaded overloaded -> new IngestResult.Overloaded(overloaded.backlog(), OVERLOADED_RETRY_AFTER_SECONDS);
        };
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
