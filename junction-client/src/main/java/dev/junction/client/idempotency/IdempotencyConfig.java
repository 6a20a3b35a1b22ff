package dev.junction.client.idempotency;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How the {@link IdempotencyFilter} treats requests: immutable, built by {@link #custom()}; {@link #ofDefaults()}
 * keys POST and PATCH optionally, keeps keys 24 hours (as Stripe), and stores every response, 5xx included.
 *
 * @param methods           the methods the filter handles; others pass untouched
 * @param required          whether a request of those methods without a key is refused with 400
 * @param ttl               how long a key and its response are kept (the expiry policy the draft asks to publish)
 * @param lock              how long a request in flight holds its key: a retry after that runs it again
 * @param storeServerErrors whether a 5xx is stored and replayed (Stripe does) or the key released for a retry to run
 * @param maxBodyBytes      the largest request body the filter reads; a larger one is refused with 413
 * @param clientIdentity    who sent a request, scoping its key
 * @param clock             the clock of locks and expiry
 */
public record IdempotencyConfig(Set<String> methods, boolean required, Duration ttl, Duration lock, boolean storeServerErrors,
                                int maxBodyBytes, ClientIdentity clientIdentity, Clock clock) {

    /** Stripe's: keys are kept at least 24 hours. */
    public static final Duration DEFAULT_TTL = Duration.ofHours(24);
    /** Longer than any request should run. */
    public static final Duration DEFAULT_LOCK = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;

    public IdempotencyConfig {
        methods = methods.stream().map(m -> m.toUpperCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        if (ttl.compareTo(lock) < 0) throw new IllegalArgumentException("ttl must be at least the lock (" + lock + "), but was " + ttl);
        if (lock.isZero() || lock.isNegative()) throw new IllegalArgumentException("lock must be positive, but was " + lock);
        if (maxBodyBytes < 0) throw new IllegalArgumentException("maxBodyBytes must not be negative, but was " + maxBodyBytes);
        Objects.requireNonNull(clientIdentity, "clientIdentity");
        Objects.requireNonNull(clock, "clock");
    }

    /** The defaults. */
    public static IdempotencyConfig ofDefaults() {
        return custom().build();
    }

    /** A builder starting from the defaults. */
    public static Builder custom() {
        return new Builder();
    }

    /** Builds an {@link IdempotencyConfig}. */
    public static final class Builder {
        private Set<String> methods = Set.of("POST", "PATCH");
        private boolean required;
        private Duration ttl = DEFAULT_TTL;
        private Duration lock = DEFAULT_LOCK;
        private boolean storeServerErrors = true;
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private ClientIdentity clientIdentity = ClientIdentity.PRINCIPAL;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        public Builder methods(String... methods) { this.methods = Set.of(methods); return this; }
        public Builder required(boolean required) { this.required = required; return this; }
        public Builder ttl(Duration ttl) { this.ttl = ttl; return this; }
        public Builder lock(Duration lock) { this.lock = lock; return this; }
        public Builder storeServerErrors(boolean store) { this.storeServerErrors = store; return this; }
        public Builder maxBodyBytes(int max) { this.maxBodyBytes = max; return this; }
        public Builder clientIdentity(ClientIdentity identity) { this.clientIdentity = identity; return this; }
        public Builder clock(Clock clock) { this.clock = clock; return this; }

        public IdempotencyConfig build() {
            return new IdempotencyConfig(methods, required, ttl, lock, storeServerErrors, maxBodyBytes, clientIdentity, clock);
        }
    }
}
