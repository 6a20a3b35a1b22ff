package dev.junction.core.model;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Time-ordered, URL-safe ids such as {@code msg_01JD7W3K8Q9T6Z4M2N5P7R1S3V}: 48 bits of milliseconds then
 * 80 random bits in Crockford base32 (a ULID), so ids sort by creation time and index well.
 */
public final class Ids {

    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

    private final Clock clock;
    private final RandomGenerator random;

    public Ids(Clock clock, RandomGenerator random) {
        this.clock = clock;
        this.random = random;
    }

    public static Ids system() {
        return seeded(Clock.systemUTC());
    }

    /**
     * Ids on {@code clock} whose random part comes from a fast generator seeded once from {@link SecureRandom}:
     * the generator for ids made per event. Ids name records, they grant nothing (every read needs a key), so
     * they need to be unique, not unpredictable; a {@link SecureRandom} read {@code /dev/urandom} under a lock
     * and mixed SHA-1 into every number, and its code was a tenth of the JIT's work while a gateway warmed up
     * (ADR 0042). Secrets (keys, tokens, signing secrets) keep their {@link SecureRandom}.
     */
    public static Ids seeded(Clock clock) {
        return new Ids(clock, new SplittableRandom(new SecureRandom().nextLong()));
    }

    private long lastMillis = -1;
    private long lastHi;
    private long lastLo;

    /**
     * The next id. Monotonic: within one millisecond the random part is incremented, so ids from one
     * generator sort in the order they were made (per-key FIFO delivery relies on it).
     */
    public synchronized String next(String prefix) {
        long millis = Math.max(clock.millis(), lastMillis);
        if (millis == lastMillis) {
            lastLo = (lastLo + 1) & 0xFFFFFFFFFFL;
            if (lastLo == 0) lastHi = (lastHi + 1) & 0xFFFFFFFFFFL;
        } else {
            lastMillis = millis;
            // 40 + 40 random bits, with headroom so increments within a millisecond do not overflow.
            lastHi = random.nextLong() & 0x7FFFFFFFFFL;
            lastLo = random.nextLong() & 0x7FFFFFFFFFL;
        }
        char[] out = new char[26];
        long t = millis;
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (t & 31)];
            t >>>= 5;
        }
        long hi = lastHi;
        for (int i = 17; i >= 10; i--) {
            out[i] = ALPHABET[(int) (hi & 31)];
            hi >>>= 5;
        }
        long lo = lastLo;
        for (int i = 25; i >= 18; i--) {
            out[i] = ALPHABET[(int) (lo & 31)];
            lo >>>= 5;
        }
        return prefix + "_" + new String(out);
    }
}
