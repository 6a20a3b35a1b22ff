package dev.junction.core.model;

import java.time.Clock;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then random bits, so keys sort by creation time and
 * index well. The client makes one per logical POST as its {@code Idempotency-Key}; the clock and randomness are
 * injected so tests can predict every key.
 */
public final class UuidV7 {

    private final Clock clock;
    private final RandomGenerator random;

    public UuidV7(Clock clock, RandomGenerator random) {
        this.clock = clock;
        this.random = random;
    }

    /** A generator on the system clock and a {@link java.security.SecureRandom}. */
    public static UuidV7 system() {
        return new UuidV7(Clock.systemUTC(), new java.security.SecureRandom());
    }

    /** The next UUID: version 7, IETF variant. */
    public UUID next() {
        long millis = clock.millis() & 0xFFFF_FFFF_FFFFL;
        long randA = random.nextLong() & 0x0FFFL;
        long msb = (millis << 16) | 0x7000L | randA;
        long lsb = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb);
    }
}
