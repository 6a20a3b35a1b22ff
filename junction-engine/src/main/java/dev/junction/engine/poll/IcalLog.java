package dev.junction.engine.poll;

import dev.junction.engine.ical.IcalEvent;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a committed iCal poll changed that an operator should read in the gateway's log, one line per change of state,
 * never one per poll. Lines name the source, unit, channels and nights: never a feed's URL (its query is the channel's
 * secret), a guest's name or a confirmation code.
 */
final class IcalLog {

    private static final Logger log = LoggerFactory.getLogger(IcalLog.class);

    private IcalLog() {}

    /** The poll's events, once its commit landed. */
    static void committed(String source, List<IcalEvent> events) {
        for (IcalEvent e : events) {
            if (e instanceof IcalEvent.BookingConflict c && c.bookings().size() == 2) {
                IcalEvent.BookingRef a = c.bookings().get(0);
                IcalEvent.BookingRef b = c.bookings().get(1);
                log.warn("{}: overbooking on {}: {} ({}) and {} ({}) both hold {}..{} ({} night(s)); GET /api/v1/sources/{}/conflicts lists it",
                        source, c.unit(), a.channel(), a.bookingKey(), b.channel(), b.bookingKey(), c.overlap().start(), c.overlap().end(),
                        c.overlap().nights(), source);
            }
        }
    }
}
