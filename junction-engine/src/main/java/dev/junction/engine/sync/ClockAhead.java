package dev.junction.engine.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells of a system whose clock runs ahead: a change stamped (its {@code updated}) more than {@link #TOLERATED} after
 * Junction received it. Under last-writer-wins such a system wins every crossing edit, silently. One WARN per sync and
 * system per {@link #EVERY}, naming the system and how far ahead, never a value.
 */
final class ClockAhead {

    /** How far ahead a change's time may be before it is told: more than clocks and network delays explain. */
    static final Duration TOLERATED = Duration.ofMinutes(1);
    /** One WARN per sync and system this often at most. */
    static final Duration EVERY = Duration.ofHours(1);

    private static final Logger log = LoggerFactory.getLogger(ClockAhead.class);

    private final String sync;
    private final Clock clock;
    private final Map<String, Instant> warned = new ConcurrentHashMap<>();

    ClockAhead(String sync, Clock clock) {
        this.sync = sync;
        this.clock = clock;
    }

    /** Looks at one change of {@code system}, stamped {@code updated} (null: none), received at {@code received}. */
    void check(String system, Instant updated, Instant received) {
        if (updated == null || received == null) return;
        Duration ahead = Duration.between(received, updated);
        if (ahead.compareTo(TOLERATED) <= 0) return;
        Instant now = clock.instant();
        boolean[] due = {false};
        warned.compute(system, (s, last) -> {
            if (last != null && now.isBefore(last.plus(EVERY))) return last;
            due[0] = true;
            return now;
        });
        if (due[0]) {
            log.warn("sync '{}': system '{}' stamps its changes {} s after Junction received them: its clock runs ahead, and under"
                    + " last-writer-wins its edits win every crossing edit; set its clock right (told once an hour)", sync, system,
                    ahead.toSeconds());
        }
    }
}
