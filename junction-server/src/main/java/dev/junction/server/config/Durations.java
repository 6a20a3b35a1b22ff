package dev.junction.server.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in config files: {@code 500ms}, {@code 5s}, {@code 10m}, {@code 1h},
 * {@code 2d}, decimals ({@code 1.5s}) and sums ({@code 1h30m}); ISO-8601 ({@code PT5S}) is accepted too.
 * A bare number is rejected on purpose: "timeout: 30" is ambiguous between seconds and milliseconds.
 */
public final class Durations {

    public static final String HINT = "use e.g. 500ms, 5s, 10m, 1h";

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");
    private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:\\.\\d+)?(?:ms|s|m|h|d))+");

    private Durations() {}

    /** Returns the duration, or null when {@code text} is not one (the caller words the error). */
    public static Duration parse(String text) {
        String s = text.strip();
        if (s.startsWith("P") || s.startsWith("p") || s.startsWith("-P")) {
            try {
                return Duration.parse(s.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        if (!WHOLE.matcher(s).matches()) return null;
        BigDecimal nanos = BigDecimal.ZERO;
        Matcher m = PART.matcher(s);
        while (m.find()) nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unitNanos(m.group(2)))));
        try {
            // Sub-nanosecond fractions are dropped; anything beyond ~292 years does not fit a long of nanos.
            return Duration.ofNanos(nanos.toBigInteger().longValueExact());
        } catch (ArithmeticException e) {
            return null;
        }
    }

    private static long unitNanos(String unit) {
        return switch (unit) {
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60 * 1_000_000_000L;
            case "h" -> 3600 * 1_000_000_000L;
            case "d" -> 86_400 * 1_000_000_000L;
            default -> throw new IllegalStateException(unit);
        };
    }
}
