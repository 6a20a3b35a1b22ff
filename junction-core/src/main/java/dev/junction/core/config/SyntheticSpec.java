package dev.junction.core.config;

import java.time.Duration;
import java.util.Objects;

/**
 * A synthetic probe: every {@code every}, a canary event is sent through {@code source}'s own door (signed as its
 * provider would sign it) and must reach every destination its routes lead to within {@code sla}.
 *
 * @param payload the canary's JSON object (its fields kept, the marker and the ids added), or null for a minimal one
 * @param type    the event type the canary carries where its source reads types, so routes that filter on types take it
 */
public record SyntheticSpec(String name, String source, Duration every, Duration sla, String payload, String type) {

    /** Shortest interval between two canaries: a probe watches its gateway, it is not load. */
    public static final Duration MIN_EVERY = Duration.ofMinutes(1);
    /** The type a canary carries unless the probe names one. */
    public static final String DEFAULT_TYPE = "junction.synthetic";
    /** The header on the canary and on each of its deliveries, naming the probe: receivers recognise (and drop) canaries by it. */
    public static final String HEADER = "Junction-Synthetic";
    /** The field of the canary's JSON body marking it: {@code {"probe": ..., "id": ..., "sent_at": ...}}. */
    public static final String MARKER_FIELD = "junction_synthetic";

    public SyntheticSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(every, "every");
        Objects.requireNonNull(sla, "sla");
        type = type == null ? DEFAULT_TYPE : type;
    }
}
