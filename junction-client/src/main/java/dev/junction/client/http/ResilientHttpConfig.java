package dev.junction.client.http;

import dev.junction.core.model.UuidV7;
import dev.junction.core.retry.RetryPolicy;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * How a {@link ResilientHttpClient} calls: immutable, built by {@link #custom()} or {@link #from(ResilientHttpConfig)},
 * with the defaults in {@link #ofDefaults()}. Time, randomness, waiting and keys are injected so that every retry
 * schedule can be tested exactly.
 */
public final class ResilientHttpConfig {

    /** 3 attempts, backoff from 100 ms doubling up to 5 s, full jitter. */
    public static final RetryPolicy DEFAULT_RETRY = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(5), 2.0);
    /** A call's deadline, retries included, when the caller names none. */
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(10);
    /** The longest one attempt may take, before the deadline clamps it. */
    public static final Duration DEFAULT_ATTEMPT_TIMEOUT = Duration.ofSeconds(5);
    /** A retry that would leave less than this before the deadline is not started. */
    public static final Duration DEFAULT_MIN_ATTEMPT_TIME = Duration.ofMillis(50);

    private final RetryPolicy retry;
    private final Duration callTimeout;
    private final Duration attemptTimeout;
    private final Duration minAttemptTime;
    private final String deadlineHeader;
    private final boolean idempotencyKeys;
    private final RetryBudget.Config retryBudget;
    private final CircuitBreakerConfig circuitBreaker;
    private final BulkheadConfig bulkhead;
    private final Clock clock;
    private final Sleeper sleeper;
    private final RandomGenerator random;
    private final UuidV7 keys;
    private final Supplier<Optional<String>> traceparent;
    private final ClientMetrics metrics;

    private ResilientHttpConfig(Builder b) {
        this.retry = b.retry;
        this.callTimeout = positive("callTimeout", b.callTimeout);
        this.attemptTimeout = positive("attemptTimeout", b.attemptTimeout);
        this.minAttemptTime = positive("minAttemptTime", b.minAttemptTime);
        this.deadlineHeader = b.deadlineHeader;
        this.idempotencyKeys = b.idempotencyKeys;
        this.retryBudget = b.retryBudget;
        this.circuitBreaker = b.circuitBreaker;
        this.bulkhead = b.bulkhead;
        this.clock = b.clock;
        this.sleeper = b.sleeper;
        this.random = b.random;
        this.keys = b.keys != null ? b.keys : new UuidV7(b.clock, b.random);
        this.traceparent = b.traceparent;
        this.metrics = b.metrics;
    }

    private static Duration positive(String name, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) throw new IllegalArgumentException(name + " must be positive, but was " + value);
        return value;
    }

    /** The defaults: {@link #DEFAULT_RETRY}, a 10 s deadline, 5 s attempts, {@link RetryBudget.Config#DEFAULT}, Resilience4j's default breaker, 25 concurrent calls per host. */
    public static ResilientHttpConfig ofDefaults() {
        return custom().build();
    }

    /** A builder starting from the defaults. */
    public static Builder custom() {
        return new Builder();
    }

    /** A builder starting from {@code base}. */
    public static Builder from(ResilientHttpConfig base) {
        return new Builder(base);
    }

    /** Attempts in all and the backoff between them (full jitter). */
    public RetryPolicy retry() { return retry; }
    /** A call's deadline when the caller names none. */
    public Duration callTimeout() { return callTimeout; }
    /** The longest one attempt may take. */
    public Duration attemptTimeout() { return attemptTimeout; }
    /** The least time a retry must have left before the deadline to be started. */
    public Duration minAttemptTime() { return minAttemptTime; }
    /** The header that carries the remaining milliseconds downstream; empty when none is sent. */
    public Optional<String> deadlineHeader() { return Optional.ofNullable(deadlineHeader); }
    /** Whether a POST or PATCH without an {@code Idempotency-Key} gets one (and so becomes retryable). */
    public boolean idempotencyKeys() { return idempotencyKeys; }
    /** How much each host's retries may add to its load. */
    public RetryBudget.Config retryBudget() { return retryBudget; }
    /** Each host's breaker. */
    public CircuitBreakerConfig circuitBreaker() { return circuitBreaker; }
    /** Each host's bulkhead. */
    public BulkheadConfig bulkhead() { return bulkhead; }
    /** The clock of deadlines, budgets and Retry-After dates. */
    public Clock clock() { return clock; }
    /** What waits between attempts. */
    public Sleeper sleeper() { return sleeper; }
    /** The jitter's randomness. */
    public RandomGenerator random() { return random; }
    /** Makes the {@code Idempotency-Key}s. */
    public UuidV7 keys() { return keys; }
    /** The caller's current {@code traceparent}, e.g. from its tracer; empty to start a new trace per call. */
    public Supplier<Optional<String>> traceparent() { return traceparent; }
    /** Where the client reports. */
    public ClientMetrics metrics() { return metrics; }

    /** Builds a {@link ResilientHttpConfig}; every setter returns the builder. */
    public static final class Builder {
        private RetryPolicy retry = DEFAULT_RETRY;
        private Duration callTimeout = DEFAULT_CALL_TIMEOUT;
        private Duration attemptTimeout = DEFAULT_ATTEMPT_TIMEOUT;
        private Duration minAttemptTime = DEFAULT_MIN_ATTEMPT_TIME;
        private String deadlineHeader;
        private boolean idempotencyKeys = true;
        private RetryBudget.Config retryBudget = RetryBudget.Config.DEFAULT;
        private CircuitBreakerConfig circuitBreaker = CircuitBreakerConfig.ofDefaults();
        private BulkheadConfig bulkhead = BulkheadConfig.custom().maxConcurrentCalls(25).maxWaitDuration(Duration.ZERO).build();
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.SYSTEM;
        private RandomGenerator random = new java.security.SecureRandom();
        private UuidV7 keys;
        private Supplier<Optional<String>> traceparent = Optional::empty;
        private ClientMetrics metrics = ClientMetrics.NONE;

        private Builder() {}

        private Builder(ResilientHttpConfig c) {
            retry = c.retry; callTimeout = c.callTimeout; attemptTimeout = c.attemptTimeout; minAttemptTime = c.minAttemptTime;
            deadlineHeader = c.deadlineHeader; idempotencyKeys = c.idempotencyKeys; retryBudget = c.retryBudget;
            circuitBreaker = c.circuitBreaker; bulkhead = c.bulkhead; clock = c.clock; sleeper = c.sleeper; random = c.random;
            keys = c.keys; traceparent = c.traceparent; metrics = c.metrics;
        }

        public Builder retry(RetryPolicy retry) { this.retry = Objects.requireNonNull(retry); return this; }
        public Builder callTimeout(Duration timeout) { this.callTimeout = timeout; return this; }
        public Builder attemptTimeout(Duration timeout) { this.attemptTimeout = timeout; return this; }
        public Builder minAttemptTime(Duration time) { this.minAttemptTime = time; return this; }
        /** Sends the remaining milliseconds of the deadline in {@code header} on every attempt, e.g. {@code Request-Timeout-Ms}. */
        public Builder deadlineHeader(String header) { this.deadlineHeader = header; return this; }
        public Builder idempotencyKeys(boolean add) { this.idempotencyKeys = add; return this; }
        public Builder retryBudget(RetryBudget.Config budget) { this.retryBudget = Objects.requireNonNull(budget); return this; }
        public Builder circuitBreaker(CircuitBreakerConfig config) { this.circuitBreaker = Objects.requireNonNull(config); return this; }
        public Builder bulkhead(BulkheadConfig config) { this.bulkhead = Objects.requireNonNull(config); return this; }
        public Builder clock(Clock clock) { this.clock = Objects.requireNonNull(clock); return this; }
        public Builder sleeper(Sleeper sleeper) { this.sleeper = Objects.requireNonNull(sleeper); return this; }
        public Builder random(RandomGenerator random) { this.random = Objects.requireNonNull(random); return this; }
        public Builder keys(UuidV7 keys) { this.keys = Objects.requireNonNull(keys); return this; }
        public Builder traceparent(Supplier<Optional<String>> current) { this.traceparent = Objects.requireNonNull(current); return this; }
        public Builder metrics(ClientMetrics metrics) { this.metrics = Objects.requireNonNull(metrics); return this; }

        public ResilientHttpConfig build() {
            return new ResilientHttpConfig(this);
        }
    }
}
