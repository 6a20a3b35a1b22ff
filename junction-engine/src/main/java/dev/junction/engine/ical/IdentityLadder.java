package dev.junction.engine.ical;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Which booking each entry of a new reading is. Rung by rung over the whole reading, so a weaker rung
 * never takes what a stronger one would: the UID (any the booking has had); the platform's confirmation
 * code; the same nights; then, when one booking and one entry alone share it, the same check-in or the same
 * checkout (a stay extended or shortened under a regenerated UID, on a channel that shows no code).
 */
final class IdentityLadder {

    enum Rung {
        UID("uid"), CODE("code"), DATES("dates"), SAME_START("same_start"), SAME_END("same_end");

        private final String wire;

        Rung(String wire) {
            this.wire = wire;
        }

        @JsonValue
        String wire() {
            return wire;
        }
    }

    record Match(Booking booking, FeedEntry entry, Rung rung) {}

    /** @param fresh entries that are no booking known before; {@code missing} bookings no entry is */
    record Matching(List<Match> matches, List<FeedEntry> fresh, List<Booking> missing) {}

    private IdentityLadder() {}

    static Matching match(List<Booking> known, List<FeedEntry> entries) {
        Map<String, Booking> open = new LinkedHashMap<>();
        for (Booking b : known) open.put(b.key(), b);
        List<FeedEntry> unmatched = new ArrayList<>(entries);
        List<Match> matches = new ArrayList<>();
        rung(Rung.UID, b -> b.uids(), e -> List.of(e.uid()), open, unmatched, matches);
        rung(Rung.CODE, b -> b.code() == null ? List.of() : List.of(b.code()), e -> e.code() == null ? List.of() : List.of(e.code()),
                open, unmatched, matches);
        rung(Rung.DATES, b -> List.of(b.start() + "/" + b.end()), e -> List.of(e.start() + "/" + e.end()), open, unmatched, matches);
        alone(Rung.SAME_START, Booking::start, FeedEntry::start, open, unmatched, matches);
        alone(Rung.SAME_END, Booking::end, FeedEntry::end, open, unmatched, matches);
        return new Matching(matches, unmatched, List.copyOf(open.values()));
    }

    /** Pairs each entry with the first open booking that shares one of its keys on this rung. */
    private static void rung(Rung rung, Function<Booking, List<String>> bookingKeys, Function<FeedEntry, List<String>> entryKeys,
                             Map<String, Booking> open, List<FeedEntry> unmatched, List<Match> matches) {
        Map<String, List<Booking>> index = new HashMap<>();
        for (Booking b : open.values()) for (String k : bookingKeys.apply(b)) index.computeIfAbsent(k, x -> new ArrayList<>()).add(b);
        List<FeedEntry> left = new ArrayList<>();
        for (FeedEntry e : unmatched) {
            Booking hit = null;
            for (String k : entryKeys.apply(e)) {
                for (Booking b : index.getOrDefault(k, List.of())) {
                    if (open.containsKey(b.key()) && codesAgree(b, e)) {
                        hit = b;
                        break;
                    }
                }
                if (hit != null) break;
            }
            if (hit == null) {
                left.add(e);
            } else {
                open.remove(hit.key());
                matches.add(new Match(hit, e, rung));
            }
        }
        unmatched.clear();
        unmatched.addAll(left);
    }

    /** Pairs a booking and an entry that share a day no other open booking or unmatched entry shares. */
    private static void alone(Rung rung, Function<Booking, LocalDate> bookingDay, Function<FeedEntry, LocalDate> entryDay,
                              Map<String, Booking> open, List<FeedEntry> unmatched, List<Match> matches) {
        Map<LocalDate, List<Booking>> bookings = new HashMap<>();
        for (Booking b : open.values()) bookings.computeIfAbsent(bookingDay.apply(b), d -> new ArrayList<>()).add(b);
        Map<LocalDate, List<FeedEntry>> fresh = new LinkedHashMap<>();
        for (FeedEntry e : unmatched) fresh.computeIfAbsent(entryDay.apply(e), d -> new ArrayList<>()).add(e);
        for (var day : fresh.entrySet()) {
            List<Booking> candidates = bookings.get(day.getKey());
            if (day.getValue().size() != 1 || candidates == null || candidates.size() != 1) continue;
            FeedEntry e = day.getValue().getFirst();
            Booking b = candidates.getFirst();
            if (!codesAgree(b, e)) continue;
            open.remove(b.key());
            unmatched.remove(e);
            matches.add(new Match(b, e, rung));
        }
    }

    /** Two different codes are two different stays, whatever their dates. */
    private static boolean codesAgree(Booking b, FeedEntry e) {
        return b.code() == null || e.code() == null || Objects.equals(b.code(), e.code());
    }
}
