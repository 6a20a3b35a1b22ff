package dev.junction.engine.deliver;

import dev.junction.core.config.GuardSpec;
import dev.junction.core.retry.OutcomeClass;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One destination's protections on this node, in a fixed order: circuit breaker (is it healthy?),
 * rate limit (may we call it now?), bulkhead (is there room for one more call?). A destination that
 * cannot take a call is left out of claims, so its deliveries wait PENDING without spending attempts,
 * and it never holds workers that other destinations need.
 */
final class DestinationGuard {

    private static final Logger log = LoggerFactory.getLogger(DestinationGuard.class);

    /** The answer to "may this delivery go now?". */
    enum Admission { GO, BREAKER_OPEN, RATE_LIMITED, BULKHEAD_FULL }

    private final String destination;
    private final CircuitBreaker breaker;
    private final RateLimiter rateLimiter;
    private final Bulkhead bulkhead;
    private final AtomicLong breakerOpened = new AtomicLong();
    private final Clock clock;
    private final Duration disableAfter;
    private Instant failingSince;
    private boolean disabled;

    DestinationGuard(String destination, GuardSpec spec, Clock clock) {
        this(destination, spec, clock, to -> { });
    }

    /** @param onBreakerTransition called with the new state's name on every breaker state change */
    DestinationGuard(String destination, GuardSpec spec, Clock clock, java.util.function.Consumer<String> onBreakerTransition) {
        this.destination = destination;
        this.clock = clock;
        this.disableAfter = spec.disableAfter();
        this.bulkhead = Bulkhead.of(destination, BulkheadConfig.custom()
                .maxConcurrentCalls(spec.maxConcurrent()).maxWaitDuration(Duration.ZERO).build());
        this.rateLimiter = spec.ratePerSecond() == 0 ? null : RateLimiter.of(destination, RateLimiterConfig.custom()
                .limitForPeriod(spec.ratePerSecond()).limitRefreshPeriod(Duration.ofSeconds(1)).timeoutDuration(Duration.ZERO).build());
        GuardSpec.Breaker b = spec.breaker();
        this.breaker = b == null ? null : CircuitBreaker.of(destination, CircuitBreakerConfig.custom()
                .failureRateThreshold(b.failureRatePercent())
                .minimumNumberOfCalls(b.minimumCalls())
                .slidingWindow(b.window(), b.minimumCalls(), CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .waitDurationInOpenState(b.openFor())
                .permittedNumberOfCallsInHalfOpenState(b.halfOpenCalls())
                .clock(clock)
                .build());
        if (breaker != null) {
            breaker.getEventPublisher().onStateTransition(e -> {
                log.warn("circuit breaker of destination {}: {}", destination, e.getStateTransition());
                if (e.getStateTransition().getToState() == CircuitBreaker.State.OPEN) breakerOpened.incrementAndGet();
                onBreakerTransition.accept(e.getStateTransition().getToState().name());
            });
        }
    }

    /**
     * Whether the destination may be called now as far as its breaker and rate limit go (the bulkhead
     * is asked separately: its deliveries can wait in the lane). Spends nothing.
     */
    boolean mayCall() {
        if (breaker != null && breaker.getState() == CircuitBreaker.State.OPEN) {
            // Asking is what moves an open breaker to half-open once its time is up; give the permit back.
            if (!breaker.tryAcquirePermission()) return false;
            breaker.releasePermission();
        }
        return rateLimiter == null || rateLimiter.getMetrics().getAvailablePermissions() > 0;
    }

    /** Takes a breaker permit, a rate permit and a bulkhead slot, or none of them. */
    Admission admit() {
        if (breaker != null && !breaker.tryAcquirePermission()) return Admission.BREAKER_OPEN;
        if (!bulkhead.tryAcquirePermission()) {
            if (breaker != null) breaker.releasePermission();
            return Admission.BULKHEAD_FULL;
        }
        if (rateLimiter != null && !rateLimiter.acquirePermission()) {
            bulkhead.onComplete();
            if (breaker != null) breaker.releasePermission();
            return Admission.RATE_LIMITED;
        }
        return Admission.GO;
    }

    /** Gives back what {@link #admit()} took for a call that will not be made (a rate permit stays spent). */
    void cancel() {
        bulkhead.onComplete();
        if (breaker != null) breaker.releasePermission();
    }

    /** Calls the bulkhead admits at once when none is in flight. */
    int capacity() {
        return bulkhead.getBulkheadConfig().getMaxConcurrentCalls();
    }

    /** Calls the bulkhead would admit now. */
    int room() {
        return bulkhead.getMetrics().getAvailableConcurrentCalls();
    }

    /**
     * Ends an admitted call. Only retryable failures count against the breaker: a 4xx is the receiver
     * rejecting one message, not a sign that it is down.
     */
    void finish(OutcomeClass outcome, Duration took, Throwable error) {
        trackFailing(outcome);
        if (breaker != null) {
            if (outcome == OutcomeClass.RETRYABLE) {
                breaker.onError(took.toNanos(), TimeUnit.NANOSECONDS, error != null ? error : new RuntimeException("retryable status"));
            } else {
                breaker.onSuccess(took.toNanos(), TimeUnit.NANOSECONDS);
            }
        }
        // Only now free the slot: a call admitted the moment it frees must see the breaker this outcome opened.
        bulkhead.onComplete();
    }

    private synchronized void trackFailing(OutcomeClass outcome) {
        if (outcome == OutcomeClass.SUCCESS) {
            failingSince = null;
            disabled = false;
        } else if (outcome == OutcomeClass.RETRYABLE && failingSince == null) {
            failingSince = clock.instant();
        }
    }

    /**
     * True once, when the destination has failed without a single success for {@code disable-after}:
     * the caller pauses it and raises an alert. Off when no {@code disable-after} is configured.
     */
    synchronized boolean shouldDisable() {
        if (disableAfter == null || disabled || failingSince == null) return false;
        if (Duration.between(failingSince, clock.instant()).compareTo(disableAfter) < 0) return false;
        disabled = true;
        return true;
    }

    /** Marks the destination disabled (e.g. on 410 Gone); true the first time. */
    synchronized boolean markDisabled() {
        if (disabled) return false;
        disabled = true;
        return true;
    }

    String destination() { return destination; }

    String breakerState() { return breaker == null ? "DISABLED" : breaker.getState().name(); }

    long breakerOpenings() { return breakerOpened.get(); }
}
