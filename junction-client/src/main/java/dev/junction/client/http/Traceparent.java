package dev.junction.client.http;

import java.util.HexFormat;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * A W3C Trace Context {@code traceparent} header: {@code 00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>}. A
 * call carries the caller's when it has one, so that the downstream service's work joins the caller's trace.
 *
 * @param value the header's value, version 00
 */
public record Traceparent(String value) {

    /** The header's name. */
    public static final String HEADER = "traceparent";

    private static final Pattern VERSION_00 = Pattern.compile("00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}");

    /** {@code value} when it is a valid version-00 traceparent; empty otherwise (a broken one is not forwarded). */
    public static Optional<Traceparent> parse(String value) {
        return value != null && VERSION_00.matcher(value.strip()).matches() ? Optional.of(new Traceparent(value.strip())) : Optional.empty();
    }

    /** A new root: a random trace id and parent id, sampled. */
    public static Traceparent newRoot(RandomGenerator random) {
        return new Traceparent("00-" + hex(random, 16) + "-" + hex(random, 8) + "-01");
    }

    /** The 32 hex digits naming the trace. */
    public String traceId() {
        return value.substring(3, 35);
    }

    private static String hex(RandomGenerator random, int bytes) {
        byte[] b = new byte[bytes];
        do {
            random.nextBytes(b);
        } while (allZero(b));
        return HexFormat.of().formatHex(b);
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) if (x != 0) return false;
        return true;
    }
}
