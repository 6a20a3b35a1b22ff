package dev.junction.store;

import java.time.Instant;
import java.util.List;

/**
 * Kill switches: destinations and sources paused on every node until resumed.
 * Every method is one transaction; time is passed in; a method that returns has committed durably.
 */
public interface Pauses {

    /** Pauses a destination or source on every node; idempotent. */
    void pause(Pause.Kind kind, String name, String reason, Instant now);

    /** Lifts a pause; false when there was none. Waiting deliveries become claimable at once. */
    boolean resume(Pause.Kind kind, String name);

    List<Pause> pauses();

    /** Whether the store holds a pause of {@code name}, configured or not (one left by a source or destination since removed). */
    default boolean paused(Pause.Kind kind, String name) {
        return pauses().stream().anyMatch(p -> p.kind() == kind && p.name().equals(name));
    }
}
