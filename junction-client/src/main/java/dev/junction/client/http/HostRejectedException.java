package dev.junction.client.http;

import java.io.IOException;

/** The client refused to send to a host, to protect it or itself: its breaker is open, or its bulkhead is full. */
public final class HostRejectedException extends IOException {

    /** Why the host was not called. */
    public enum Reason {
        /** The host failed too often lately; the breaker lets a few calls through again after a while. */
        CIRCUIT_OPEN("circuit-open"),
        /** As many calls as the host's bulkhead allows are already running. */
        BULKHEAD_FULL("bulkhead-full");

        private final String slug;

        Reason(String slug) {
            this.slug = slug;
        }

        /** The reason as a metric label, e.g. {@code circuit-open}. */
        public String slug() {
            return slug;
        }
    }

    private final Reason reason;

    HostRejectedException(String host, Reason reason) {
        super(reason.slug() + ": not calling " + host);
        this.reason = reason;
    }

    /** Why the host was not called. */
    public Reason reason() {
        return reason;
    }
}
