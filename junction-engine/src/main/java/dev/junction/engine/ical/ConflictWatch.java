package dev.junction.engine.ical;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Overbookings across the channels of one unit: two bookings from different channels that hold a night in
 * common. Raised once, on the poll that first sees the pair; not again while it lasts; again if it comes
 * back after it was resolved. Bookings of a held (suspect) feed still count: their nights are still sold.
 */
public final class ConflictWatch {

    /** @param open the pairs overlapping now, to be stored and passed to the next check */
    public record Check(List<IcalEvent> events, List<String> open) {}

    private ConflictWatch() {}

    public static Check check(String unit, Collection<FeedState> feeds, Collection<String> previouslyOpen) {
        List<Booking> all = new ArrayList<>();
        for (FeedState f : feeds) all.addAll(f.bookings());
        all.sort(Comparator.comparing(Booking::start).thenComparing(Booking::key));
        Set<String> open = new TreeSet<>();
        List<IcalEvent> events = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            Booking a = all.get(i);
            for (int j = i + 1; j < all.size() && all.get(j).start().isBefore(a.end()); j++) {
                Booking b = all.get(j);
                if (a.channel().equals(b.channel()) || !a.overlaps(b)) continue;
                String pair = pair(a, b);
                open.add(pair);
                if (!previouslyOpen.contains(pair)) events.add(conflict(unit, a, b));
            }
        }
        return new Check(events, List.copyOf(open));
    }

    static String pair(Booking a, Booking b) {
        return a.key().compareTo(b.key()) < 0 ? a.key() + "+" + b.key() : b.key() + "+" + a.key();
    }

    private static IcalEvent.BookingConflict conflict(String unit, Booking a, Booking b) {
        LocalDate from = a.start().isAfter(b.start()) ? a.start() : b.start();
        LocalDate to = a.end().isBefore(b.end()) ? a.end() : b.end();
        return new IcalEvent.BookingConflict(unit, IcalEvent.Nights.of(from, to), List.of(IcalEvent.BookingRef.of(a), IcalEvent.BookingRef.of(b)));
    }
}
