package dev.junction.engine.alert;

import java.time.Instant;

/** Something an operator should hear about. */
public record Alert(Kind kind, String destination, String detail, Instant at) {

    public enum Kind { DELIVERY_DEAD, BREAKER_OPENED, DESTINATION_DISABLED }
}
