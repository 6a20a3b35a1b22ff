package dev.junction.engine.deliver;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which destinations a claim leaves out (ADR 0005), found without walking every active endpoint. The
 * configured destinations are few and are looked at on every claim. An endpoint is looked at only once it
 * was seen unable to take work (breaker open, rate spent, bulkhead and lane full) and until it can again:
 * with 10,000 endpoints active, a claim costs the same as with ten.
 */
final class Blocked {

    /** Endpoints last seen unable to take work; each claim checks them again and drops the ones that can. */
    private final Set<String> suspects = ConcurrentHashMap.newKeySet();
    private final DestinationRegistry destinations;

    Blocked(DestinationRegistry destinations) {
        this.destinations = destinations;
    }

    /** Whether this destination cannot take more work on this node now. */
    static boolean blocked(DestinationRuntime d) {
        return !d.guard().mayCall() || d.guard().room() + d.lane().space() == 0;
    }

    /** After a destination's lane moved (work started, refused or added): remember it if it is blocked now. */
    void check(DestinationRuntime d) {
        if (d.endpoint() && blocked(d)) suspects.add(d.name());
    }

    /**
     * The destinations to leave out of a claim: the paused ones this node sends to, the configured ones
     * that are blocked, and the endpoints still blocked among those seen blocked.
     */
    Set<String> now(Set<String> paused) {
        Set<String> skipped = new HashSet<>();
        for (String name : paused) {
            if (destinations.ifActive(name) != null) skipped.add(name);
        }
        for (DestinationRuntime d : destinations.configured()) {
            if (blocked(d)) skipped.add(d.name());
        }
        for (String name : suspects) {
            DestinationRuntime d = destinations.ifActive(name);
            if (d != null && blocked(d)) {
                skipped.add(name);
            } else {
                suspects.remove(name); // it can take work again (or was forgotten); a later refusal brings it back
            }
        }
        return skipped;
    }
}
