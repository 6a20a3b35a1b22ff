package dev.junction.engine.alert;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log lines of alerts, summed up as the alerts webhook's messages are: per kind and destination, the first
 * {@link #IN_FULL} alerts of an interval are logged each in full, the rest counted and logged as one line when the
 * interval ends ({@code 4995 more deliveries to ledger died in the last 1m}). A storm of dead letters (15,000 after a
 * removed destination's work was released) is a few lines, not megabytes; the dead letters themselves are in the store.
 */
final class AlertLog {

    private static final Logger log = LoggerFactory.getLogger(Alerter.class); // the lines operators already filter on
    /** Alerts of one kind and destination logged in full per interval. */
    static final int IN_FULL = 5;

    private record Key(Alert.Kind kind, String destination) {}

    /** One kind and destination's interval: when it began, how many were logged in full, how many only counted. */
    private static final class Window {
        final Instant start;
        int logged;
        int more;

        Window(Instant start) {
            this.start = start;
        }
    }

    private static final java.time.format.DateTimeFormatter CLOCK = java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss")
            .withZone(java.time.ZoneOffset.UTC);

    private final Clock clock;
    private final Duration interval;
    private final Map<Key, Window> windows = new HashMap<>();

    AlertLog(Clock clock, Duration interval) {
        this.clock = clock;
        this.interval = interval;
    }

    void raise(Alert alert) {
        List<String> summaries = new ArrayList<>(1);
        boolean inFull;
        synchronized (this) {
            Instant now = clock.instant();
            Key key = new Key(alert.kind(), alert.destination());
            Window w = windows.get(key);
            if (w != null && !now.isBefore(w.start.plus(interval))) {
                if (w.more > 0) summaries.add(summary(key, w));
                w = null;
            }
            if (w == null) windows.put(key, w = new Window(now));
            inFull = w.logged < IN_FULL;
            if (inFull) w.logged++;
            else w.more++;
        }
        summaries.forEach(log::warn);
        if (inFull) log.warn("alert {} destination={}: {}", alert.kind(), alert.destination(), alert.detail());
    }

    /** Logs the counts of the intervals that are over (all of them with {@code all}, when closing) and forgets them. */
    void flush(boolean all) {
        List<String> summaries = new ArrayList<>();
        synchronized (this) {
            Instant now = clock.instant();
            for (Iterator<Map.Entry<Key, Window>> it = windows.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<Key, Window> e = it.next();
                if (!all && now.isBefore(e.getValue().start.plus(interval))) continue;
                if (e.getValue().more > 0) summaries.add(summary(e.getKey(), e.getValue()));
                it.remove();
            }
        }
        summaries.forEach(log::warn);
    }

    private String summary(Key key, Window w) {
        // The interval's own bounds: its summary is written up to a quarter interval after it ends, or early when closing.
        Instant end = w.start.plus(interval);
        Instant now = clock.instant();
        String last = "between " + CLOCK.format(w.start) + " and " + CLOCK.format(now.isBefore(end) ? now : end) + " UTC";
        String detail = key.kind() == Alert.Kind.DELIVERY_DEAD
                ? w.more + (w.more == 1 ? " more delivery to " : " more deliveries to ") + key.destination() + " died " + last + " (" + (w.logged + w.more)
                        + " in all, the first " + w.logged + " logged above; junction dlq list --config FILE --destination " + key.destination() + ")"
                : w.more + " more like it " + last + " (" + (w.logged + w.more) + " in all)";
        return "alert " + key.kind() + " destination=" + key.destination() + ": " + detail;
    }
}
