package dev.junction.core.retry;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Parses an HTTP {@code Retry-After} header (RFC 9110 10.2.3): delay-seconds or an HTTP-date. */
public final class RetryAfter {

    private RetryAfter() {}

    /** The delay the receiver asked for, relative to {@code now}; empty when absent or unparseable. */
    public static Optional<Duration> parse(String value, Instant now) {
        if (value == null) return Optional.empty();
        String v = value.trim();
        if (v.isEmpty()) return Optional.empty();
        if (v.chars().allMatch(Character::isDigit)) {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
            } catch (NumberFormatException tooLarge) {
                return Optional.of(Duration.ofSeconds(Long.MAX_VALUE / 1_000_000_000L));
            }
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration d = Duration.between(now, at);
            return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
