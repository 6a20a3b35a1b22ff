package dev.junction.engine.deliver;

import dev.junction.store.Pause;
import dev.junction.store.Pauses;
import dev.junction.store.StoreException;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The destinations paused in the store (by any node), read at most once a second. The claim's own
 * filter and the ingest transaction are authoritative; this only saves them work and keeps paused
 * destinations' deliveries out of lanes.
 */
final class PauseCache {

    private static final Logger log = LoggerFactory.getLogger(PauseCache.class);
    /** How stale the paused set may be. */
    static final long FRESH_MILLIS = 1_000;

    private final Pauses store;
    private final Clock clock;
    private volatile Set<String> paused = Set.of();
    /** Until when the last read is fresh (clock millis). */
    private volatile long freshUntil;

    PauseCache(Pauses store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** The paused destinations as last read, without asking the store. */
    Set<String> lastRead() {
        return paused;
    }

    /** The paused destinations, read again if the last read is more than a second old (or the clock went back). */
    Set<String> read() {
        long now = clock.millis();
        if (now >= freshUntil || now < freshUntil - FRESH_MILLIS) {
            try {
                Set<String> names = new HashSet<>();
                for (Pause p : store.pauses()) if (p.kind() == Pause.Kind.DESTINATION) names.add(p.name());
                paused = Set.copyOf(names);
                freshUntil = now + FRESH_MILLIS;
            } catch (StoreException e) {
                log.warn("could not read the paused destinations, using the last known: {}", e.getMessage());
            }
        }
        return paused;
    }

    /** A pause was just written: read again at the next look. */
    void forget() {
        freshUntil = 0;
    }
}
