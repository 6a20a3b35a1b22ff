package dev.junction.server.config;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte sizes: plain bytes ({@code 1048576}) or a number with a unit, {@code B}, {@code KB}/{@code KiB},
 * {@code MB}/{@code MiB}, {@code GB}/{@code GiB}. KB, MB and GB are decimal (1000) and the -iB units binary
 * (1024), as their names say; units are case-insensitive and may follow a space ({@code 1 MiB}).
 */
final class Sizes {

    static final String HINT = "use e.g. 1048576, 512KiB, 1MiB, 10MB";

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([a-z]*)");

    private Sizes() {}

    /** Returns the size in bytes, or -1 when {@code text} is not a size (the caller words the error). */
    static long parse(String text) {
        Matcher m = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) return -1;
        long unit = switch (m.group(2)) {
            case "", "b" -> 1L;
            case "kb" -> 1000L;
            case "kib" -> 1024L;
            case "mb" -> 1000L * 1000;
            case "mib" -> 1024L * 1024;
            case "gb" -> 1000L * 1000 * 1000;
            case "gib" -> 1024L * 1024 * 1024;
            default -> -1L;
        };
        if (unit < 0) return -1;
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit));
        try {
            // A fractional byte count ("1.5B") is a typo, not something to round.
            return bytes.longValueExact();
        } catch (ArithmeticException e) {
            return -1;
        }
    }
}
