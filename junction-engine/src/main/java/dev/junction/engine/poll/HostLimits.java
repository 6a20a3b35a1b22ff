package dev.junction.engine.poll;

import dev.junction.core.config.PollSpec;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Requests per second to each polled host, shared by every source on it: an API's limit is per client, not per
 * source. Where sources on one host set different rates, the lowest holds for all of them.
 */
final class HostLimits {

    private final Map<String, RateLimiter> byHost;

    HostLimits(Collection<PollSpec> polls) {
        Map<String, Integer> rates = new HashMap<>();
        for (PollSpec p : polls) {
            if (p.rateLimit() > 0) rates.merge(host(URI.create(p.url().replace(PollSpec.CURSOR, ""))), p.rateLimit(), Math::min);
        }
        Map<String, RateLimiter> limiters = new HashMap<>();
        rates.forEach((host, rate) -> limiters.put(host, RateLimiter.of("poll-" + host, RateLimiterConfig.custom()
                .limitForPeriod(rate).limitRefreshPeriod(Duration.ofSeconds(1)).timeoutDuration(Duration.ZERO).build())));
        this.byHost = Map.copyOf(limiters);
    }

    /** Waits for a permit to call {@code uri}'s host, at most {@code wait}; false when none came in time. */
    boolean acquire(URI uri, Duration wait) {
        RateLimiter limiter = byHost.get(host(uri));
        if (limiter == null) return true;
        limiter.changeTimeoutDuration(wait);
        return limiter.acquirePermission();
    }

    private static String host(URI uri) {
        return (uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT)) + ":" + uri.getPort();
    }
}
