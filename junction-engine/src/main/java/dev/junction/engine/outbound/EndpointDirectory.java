package dev.junction.engine.outbound;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.junction.core.config.DestinationSpec;
import dev.junction.core.config.GuardSpec;
import dev.junction.core.config.OutboundSpec;
import dev.junction.core.retry.RetryPolicy;
import dev.junction.engine.deliver.Dispatcher;
import dev.junction.store.Endpoint;
import dev.junction.store.OutboundApps;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the dispatcher needs to send to an outbound endpoint, looked up by the delivery's destination name
 * (the endpoint's id). Read from the store and kept for a few seconds, so an edit (URL, secret rotation,
 * headers) applies to the next deliveries without a restart, and a busy endpoint costs no read per send.
 */
public final class EndpointDirectory implements Function<String, Optional<DestinationSpec>> {

    private static final Logger log = LoggerFactory.getLogger(EndpointDirectory.class);

    /** How long a delivery to an endpoint may take. */
    public static final Duration TIMEOUT = Duration.ofSeconds(15);
    /** Bulkhead per endpoint, on each node: a slow customer holds at most this many workers. */
    public static final int MAX_CONCURRENT = 8;
    private static final Duration FRESH = Duration.ofSeconds(5);

    private final OutboundApps store;
    private final Clock clock;
    private volatile RetryPolicy retry = RetryPolicy.DEFAULT;
    private volatile Duration disableAfter = OutboundSpec.DEFAULT_DISABLE_AFTER;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    private final Cache<String, Optional<DestinationSpec>> cache = Caffeine.newBuilder()
            .expireAfterWrite(FRESH).maximumSize(20_000).build();

    public EndpointDirectory(OutboundApps store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public Optional<DestinationSpec> apply(String name) {
        if (!name.startsWith(Dispatcher.ENDPOINT_PREFIX)) return Optional.empty();
        return cache.get(name, n -> store.endpoint(n).map(this::spec));
    }

    /** How endpoints' deliveries are retried (the default: 8 attempts from 1 s to 1 h). */
    public void retryPolicy(RetryPolicy retry) {
        this.retry = retry;
        cache.invalidateAll();
    }

    /** How long an endpoint may fail without a success before it is disabled; null: never. */
    public void disableAfter(Duration disableAfter) {
        this.disableAfter = disableAfter;
        cache.invalidateAll();
    }

    /** Read the endpoint again at its next delivery (after an edit through the API). */
    public void forget(String endpointId) {
        cache.invalidate(endpointId);
    }

    private DestinationSpec spec(Endpoint e) {
        String previous = e.rotating(clock.instant()) ? e.previousSecret() : null;
        GuardSpec guard = new GuardSpec(MAX_CONCURRENT, e.rateLimit(), GuardSpec.Breaker.DEFAULT, GuardSpec.DEFAULT_DEADLINE, disableAfter);
        return new DestinationSpec(e.id(), URI.create(e.url()), TIMEOUT, retry, e.secret(), sendable(e), guard,
                DestinationSpec.Target.HTTP, previous);
    }

    /**
     * The endpoint's headers that the API takes today. One stored by an older version may have a header since refused
     * (a value outside ASCII, Content-Encoding, a name too long): it is left out of every delivery, and said once.
     */
    private Map<String, String> sendable(Endpoint e) {
        Map<String, String> kept = new LinkedHashMap<>();
        e.headers().forEach((name, value) -> {
            String problem = DestinationSpec.headerProblem(name, value);
            if (problem == null) {
                kept.put(name, value);
            } else if (warned.add(e.id() + '\n' + name)) {
                log.warn("outbound endpoint {} has a header stored by an earlier version that is no longer sent: {}; "
                        + "PATCH /api/v1/apps/{uid}/endpoints/{} with the headers it should send", e.id(), problem, e.id());
            }
        });
        return kept;
    }
}
