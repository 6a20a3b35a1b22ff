package dev.junction.server.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The system clock shifted by an offset a test sets: a simulated CRM whose clock is put back stamps older times. */
final class ShiftedClock extends Clock {

    private volatile Duration offset = Duration.ZERO;

    void offset(Duration offset) {
        this.offset = offset;
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
