package dev.junction.client.http;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A host's breaker and bulkhead (Resilience4j, one of each per host) and its retry budget. Hosts not called for
 * {@link #IDLE} with nothing to remember (breaker closed, no call in flight) are forgotten, at most one sweep a
 * minute: a service that calls its customers' URLs meets hosts without end, and kept them all.
 */
final class HostGuards {

    /** How long a host with a closed breaker and no call in flight is kept after its last call. */
    static final Duration IDLE = Duration.ofMinutes(10);
    private static final long SWEEP_EVERY_MILLIS = 60_000;

    /** What guards one host. */
    record Guards(CircuitBreaker breaker, Bulkhead bulkhead, RetryBudget budget, AtomicLong lastUsed) {}

    private final CircuitBreakerRegistry breakers;
    private final BulkheadRegistry bulkheads;
    private final RetryBudget.Config budget;
    private final Clock clock;
    private final Map<String, Guards> byHost = new ConcurrentHashMap<>();
    private volatile long lastSweep;

    HostGuards(ResilientHttpConfig config) {
        this.breakers = CircuitBreakerRegistry.of(config.circuitBreaker());
        this.bulkheads = BulkheadRegistry.of(config.bulkhead());
        this.budget = config.retryBudget();
        this.clock = config.clock();
        this.lastSweep = clock.millis();
    }

    Guards of(String host) {
        long now = clock.millis();
        if (now - lastSweep >= SWEEP_EVERY_MILLIS) forgetIdle(now);
        Guards g = byHost.computeIfAbsent(host, h -> new Guards(breakers.circuitBreaker(h), bulkheads.bulkhead(h),
                new RetryBudget(budget, clock), new AtomicLong()));
        g.lastUsed().set(now);
        return g;
    }

    /** The breaker of {@code host}, to look at its state. */
    CircuitBreaker breaker(String host) {
        return of(host).breaker();
    }

    int hosts() {
        return byHost.size();
    }

    private void forgetIdle(long now) {
        lastSweep = now;
        long cutoff = now - IDLE.toMillis();
        for (Map.Entry<String, Guards> e : byHost.entrySet()) {
            Guards g = e.getValue();
            boolean quiet = g.breaker().getState() == CircuitBreaker.State.CLOSED
                    && g.bulkhead().getMetrics().getAvailableConcurrentCalls() == g.bulkhead().getMetrics().getMaxAllowedConcurrentCalls();
            if (g.lastUsed().get() <= cutoff && quiet && byHost.remove(e.getKey(), g)) {
                breakers.remove(e.getKey());
                bulkheads.remove(e.getKey());
            }
        }
    }
}
