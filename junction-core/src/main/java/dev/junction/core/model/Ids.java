package dev.junction.core.model;

import java.time.Clock;
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
        return new Ids(Clock.systemUTC(), new java.security.SecureRandom());
    }

    public String next(String prefix) {
        long millis = clock.millis();
        char[] out = new char[26];
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (millis & 31)];
            millis >>>= 5;
        }
        long hi;
        long lo;
        synchronized (random) {
            hi = random.nextLong();
            lo = random.nextLong();
        }
        for (int i = 10; i < 26; i++) {
            long src = i < 18 ? hi : lo;
            out[i] = ALPHABET[(int) ((src >>> ((i % 8) * 5)) & 31)];
        }
        return prefix + "_" + new String(out);
    }
}
