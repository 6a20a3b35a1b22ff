package dev.junction.engine.poll;

import dev.junction.store.PollStates;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sources this node polls: a lease per source in the store, taken before a poll, renewed every third of its
 * length while held (also between polls, so the source stays here), and given up on close. A node that dies
 * stops renewing, and another takes the source over once the lease passes.
 */
final class SourceLeases {

    private final PollStates store;
    private final String node;
    private final Duration length;
    private final Clock clock;
    /** Held sources, by when they were last renewed. */
    private final Map<String, Instant> held = new ConcurrentHashMap<>();

    SourceLeases(PollStates store, String node, Duration length, Clock clock) {
        this.store = store;
        this.node = node;
        this.length = length;
        this.clock = clock;
    }

    String node() { return node; }

    Duration length() { return length; }

    /** Takes or renews the source's lease; false when another node holds it. */
    boolean hold(String source) {
        Instant now = clock.instant();
        if (store.acquirePollLease(source, node, now, length)) {
            held.put(source, now);
            return true;
        }
        held.remove(source);
        return false;
    }

    /** Renews every held lease a third through its length; a lease lost meanwhile is dropped. */
    void renewDue() {
        Instant due = clock.instant().minus(length.dividedBy(3));
        for (Map.Entry<String, Instant> e : held.entrySet()) if (!e.getValue().isAfter(due)) hold(e.getKey());
    }

    boolean holds(String source) {
        return held.containsKey(source);
    }

    void releaseAll() {
        for (String source : held.keySet()) {
            try {
                store.releasePollLease(source, node);
            } catch (RuntimeException e) {
                // the lease passes on its own
            }
        }
        held.clear();
    }
}
