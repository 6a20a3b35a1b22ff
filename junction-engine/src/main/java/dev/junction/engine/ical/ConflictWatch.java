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

    /**
     * The unit's open conflicts as {@code booking.conflict} told them, with each booking as the unit holds it now, by
     * the first night both hold. What an operator lists between polls: the message is told once, the overbooking lasts.
     */
    public static List<IcalEvent.BookingConflict> open(UnitState unit) {
        java.util.Map<String, Booking> byKey = new java.util.HashMap<>();
        for (FeedState f : unit.feeds().values()) for (Booking b : f.bookings()) byKey.put(b.key(), b);
        List<IcalEvent.BookingConflict> open = new ArrayList<>();
        for (String pair : unit.openConflicts()) {
            String[] keys = pair.split("\\+", 2);
            Booking a = byKey.get(keys[0]);
            Booking b = keys.length == 2 ? byKey.get(keys[1]) : null;
            if (a == null || b == null || !a.overlaps(b)) continue; // a channel taken out of the config since: no longer a conflict
            open.add(a.start().isAfter(b.start()) ? conflict(unit.unit(), b, a) : conflict(unit.unit(), a, b));
        }
        open.sort(Comparator.comparing((IcalEvent.BookingConflict c) -> c.overlap().start()));
        return open;
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
