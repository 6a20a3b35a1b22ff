package dev.junction.spring.boot;

import java.time.Duration;

/**
 * Checks of a property's value as Spring binds it: a wrong one fails the start with the property's full name (Spring's
 * "Failed to bind properties under ..." with this reason), not later in a library constructor under its field's name.
 */
final class Props {

    /** The shortest timeout taken as meant: below it, a unit was most likely left out ({@code 5} is 5 ms). */
    static final Duration MIN_TIMEOUT = Duration.ofMillis(100);

    private Props() {}

    static Duration positive(String property, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(property + " must be a positive duration (e.g. 10s), was " + text(value));
        }
        return value;
    }

    /**
     * A duration no shorter than {@code floor}. Spring reads a number without a unit as milliseconds, so
     * {@code deadline: 5} is 5 ms: a value under the floor is taken for a missing unit and refused with one.
     */
    static Duration atLeast(String property, Duration value, Duration floor) {
        positive(property, value);
        if (value.compareTo(floor) < 0) {
            throw new IllegalArgumentException(property + " must be at least " + text(floor) + ", was " + text(value)
                    + " (a number without a unit is milliseconds: write the unit, e.g. 5s)");
        }
        return value;
    }

    static Duration notNegative(String property, Duration value) {
        if (value == null || value.isNegative()) throw new IllegalArgumentException(property + " must be 0s or more, was " + text(value));
        return value;
    }

    static int atLeast(String property, int value, int min) {
        if (value < min) throw new IllegalArgumentException(property + " must be at least " + min + ", was " + value);
        return value;
    }

    static double share(String property, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(property + " must be a share between 0 and 1 (0.2 is 20%), was " + value);
        }
        return value;
    }

    /** A duration as a property is written (60s, 1m30s, -5s). */
    static String text(Duration d) {
        return d == null ? "nothing" : d.isNegative() ? "-" + dev.junction.core.explain.DurationText.of(d.negated())
                : dev.junction.core.explain.DurationText.of(d);
    }
}
