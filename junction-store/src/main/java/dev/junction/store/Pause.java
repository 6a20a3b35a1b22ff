package dev.junction.store;

import java.time.Instant;

/** A kill switch in force: deliveries of this destination, or of messages from this source, wait. */
public record Pause(Kind kind, String name, Instant since, String reason) {

    public enum Kind {
        DESTINATION, SOURCE;

        public String key() { return name().toLowerCase(java.util.Locale.ROOT); }
    }
}
