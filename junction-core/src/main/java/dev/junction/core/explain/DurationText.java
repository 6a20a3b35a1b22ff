package dev.junction.core.explain;

import java.time.Duration;

/** A duration as people read it: {@code 1h 4m 3s}, {@code 2d 3h}, {@code 500ms}, {@code 1.5s}. */
public final class DurationText {

    private DurationText() {}

    public static String of(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) return "0s";
        if (ms < 1000) return ms + "ms";
        if (ms < 60_000 && ms % 1000 != 0) return String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0);
        long s = ms / 1000;
        long days = s / 86_400, hours = s / 3600 % 24, minutes = s / 60 % 60, seconds = s % 60;
        StringBuilder out = new StringBuilder();
        if (days > 0) out.append(days).append("d ");
        if (hours > 0) out.append(hours).append("h ");
        if (minutes > 0) out.append(minutes).append("m ");
        // Seconds only matter next to minutes at most: "2d 3h 4m" is precise enough for a schedule.
        if (seconds > 0 && days == 0 && hours == 0) out.append(seconds).append("s ");
        String text = out.toString().strip();
        return text.isEmpty() ? "0s" : text;
    }
}
