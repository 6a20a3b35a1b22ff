package dev.junction.client.http;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A host's breaker and bulkhead (Resilience4j, one of each per host) and its retry budget. */
final class HostGuards {

    /** What guards one host. */
    record Guards(CircuitBreaker breaker, Bulkhead bulkhead, RetryBudget budget) {}

    private final CircuitBreakerRegistry breakers;
    private final BulkheadRegistry bulkheads;
    private final RetryBudget.Config budget;
    private final Clock clock;
    private final Map<String, Guards> byHost = new ConcurrentHashMap<>();

    HostGuards(ResilientHttpConfig config) {
        this.breakers = CircuitBreakerRegistry.of(config.circuitBreaker());
        this.bulkheads = BulkheadRegistry.of(config.bulkhead());
        this.budget = config.retryBudget();
        this.clock = config.clock();
    }

    Guards of(String host) {
        return byHost.computeIfAbsent(host, h -> new Guards(breakers.circuitBreaker(h), bulkheads.bulkhead(h), new RetryBudget(budget, clock)));
    }

    /** The breaker of {@code host}, to look at its state. */
    CircuitBreaker breaker(String host) {
        return of(host).breaker();
    }
}
