package dev.junction.engine.alert;

import java.time.Instant;

/** Something an operator should hear about. */
public record Alert(Kind kind, String destination, String detail, Instant at) {

    /** SYNTHETIC_LATE: a probe's canary did not arrive everywhere within its SLA; SYNTHETIC_FAILED: the door refused it, no route took it, or a delivery of it died. */
    public enum Kind { DELIVERY_DEAD, BREAKER_OPENED, DESTINATION_DISABLED, SYNTHETIC_LATE, SYNTHETIC_FAILED }
}
