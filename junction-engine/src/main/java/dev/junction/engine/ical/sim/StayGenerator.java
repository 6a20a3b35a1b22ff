package dev.junction.engine.ical.sim;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The simulated channels' bookings, day by day: arrivals on free nights, date changes (with each channel's
 * UID habit: Airbnb may issue a new UID, Booking.com does on an extension, VRBO keeps it), cancellations,
 * and two scripted overbookings (a second channel selling nights already sold, resolved two days later by
 * cancelling the newer booking). Freed nights stay unsold for a few days, as a channel's sync would have
 * them, so the only overlaps are the scripted ones.
 */
final class StayGenerator {

    static final int[] OVERBOOKING_DAYS = {120, 400};
    private static final double ARRIVALS_PER_UNIT_DAY = 0.3;
    private static final double CANCEL_PER_STAY_DAY = 0.006;
    private static final double CHANGE_PER_STAY_DAY = 0.01;
    private static final Duration COOL_OFF = Duration.ofDays(3);
    private static final String CODE_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";

    private record Freed(String unit, LocalDate start, LocalDate end, Instant until) {}

    private final Random random;
    private final Instant start;
    private final int days;
    private final List<OtaSimulation.Unit> units;
    private final List<OtaSimulation.Outage> outages;
    private final List<SimStay> stays = new ArrayList<>();
    private final List<Freed> freed = new ArrayList<>();
    private final Set<Integer> scripted = new HashSet<>();
    private int nextId = 1;

    StayGenerator(long seed, Instant start, int days, List<OtaSimulation.Unit> units, List<OtaSimulation.Outage> outages) {
        this.random = new Random(seed);
        this.start = start;
        this.days = days;
        this.units = units;
        this.outages = outages;
    }

    List<SimStay> generate() {
        for (int d = 0; d < days; d++) {
            Instant day = start.plus(Duration.ofDays(d));
            for (int u = 0; u < units.size(); u++) {
                OtaSimulation.Unit unit = units.get(u);
                LocalDate today = LocalDate.ofInstant(day, unit.zone());
                if (d == OVERBOOKING_DAYS[0] && u == 0) overbook(unit, "airbnb", "booking", day, today);
                if (d == OVERBOOKING_DAYS[1] && u == 1) overbook(unit, "vrbo", "airbnb", day, today);
                if (d == 340 && u == 1) ensureLive(unit, "booking", day, today);
                if (random.nextDouble() < ARRIVALS_PER_UNIT_DAY) {
                    String channel = OtaSimulation.CHANNELS.get(random.nextInt(3));
                    LocalDate from = today.plusDays(2 + random.nextInt(150));
                    book(unit, channel, from, from.plusDays(2 + random.nextInt(9)), at(day), false);
                }
                for (SimStay s : List.copyOf(stays)) {
                    if (!s.unit().equals(unit.name()) || s.cancelledAt() != null || scripted.contains(s.id())) continue;
                    if (!s.latest().start().isAfter(today.plusDays(3)) || s.latest().from().isAfter(day.minus(Duration.ofDays(1)))) continue;
                    Instant when = at(day);
                    if (troubled(s, when)) continue;
                    double r = random.nextDouble();
                    if (r < CANCEL_PER_STAY_DAY) cancel(s, when);
                    else if (r < CANCEL_PER_STAY_DAY + CHANGE_PER_STAY_DAY) change(s, when);
                }
            }
        }
        return List.copyOf(stays);
    }

    private Instant at(Instant day) {
        return day.plus(Duration.ofMinutes(random.nextInt(24 * 60)));
    }

    /** A feed in (or near) an outage could show two changes at once: keep changes out of them, so each is seen. */
    private boolean troubled(SimStay s, Instant when) {
        return outages.stream().anyMatch(o -> o.unit().equals(s.unit()) && o.channel().equals(s.channel())
                && when.isAfter(o.from().minus(Duration.ofDays(1))) && when.isBefore(o.until().plus(Duration.ofDays(1))));
    }

    private SimStay book(OtaSimulation.Unit unit, String channel, LocalDate from, LocalDate to, Instant when, boolean overbooking) {
        if (!overbooking && !free(unit.name(), from, to, when, null)) return null;
        SimStay s = new SimStay(nextId++, unit.name(), channel, code(channel), overbooking, new SimStay.Version(when, uid(channel), from, to));
        stays.add(s);
        return s;
    }

    private void cancel(SimStay s, Instant when) {
        s.cancel(when);
        freed.add(new Freed(s.unit(), s.latest().start(), s.latest().end(), when.plus(COOL_OFF)));
    }

    private void change(SimStay s, Instant when) {
        SimStay.Version v = s.latest();
        int kind = random.nextInt(s.channel().equals("booking") ? 2 : 3);
        LocalDate from = v.start(), to = v.end();
        if (kind == 0) to = to.plusDays(1 + random.nextInt(3));
        else if (kind == 1 && v.end().minusDays(1).isAfter(v.start().plusDays(1))) to = to.minusDays(1);
        else if (kind == 2) {
            int shift = (random.nextBoolean() ? 1 : -1) * (1 + random.nextInt(5));
            from = from.plusDays(shift);
            to = to.plusDays(shift);
        }
        if ((from.equals(v.start()) && to.equals(v.end())) || !free(s.unit(), from, to, when, s)) return;
        boolean newUid = switch (s.channel()) {
            case "airbnb" -> random.nextBoolean();
            case "booking" -> to.isAfter(v.end()) && from.equals(v.start());
            default -> false;
        };
        s.change(new SimStay.Version(when, newUid ? uid(s.channel()) : v.uid(), from, to));
        freed.add(new Freed(s.unit(), v.start(), v.end(), when.plus(COOL_OFF)));
    }

    /** A booking on a second channel over nights the first already sold; the newer one is cancelled two days later. */
    private void overbook(OtaSimulation.Unit unit, String first, String second, Instant day, LocalDate today) {
        SimStay sold = stays.stream().filter(s -> s.unit().equals(unit.name()) && s.channel().equals(first) && s.cancelledAt() == null
                && s.latest().start().isAfter(today.plusDays(10))).findFirst().orElse(null);
        if (sold == null) sold = bookFirstFree(unit, first, today.plusDays(20), 4, day.plus(Duration.ofHours(1)));
        scripted.add(sold.id());
        // Inside the sold nights, so that this is one overbooking and not also one with the next guest.
        LocalDate from = sold.latest().start().plusDays(1);
        LocalDate to = from.plusDays(2).isAfter(sold.latest().end()) ? sold.latest().end() : from.plusDays(2);
        SimStay twice = book(unit, second, from, to, day.plus(Duration.ofHours(14)), true);
        scripted.add(twice.id());
        twice.cancel(day.plus(Duration.ofDays(2)).plus(Duration.ofHours(10)));
    }

    /** The empty-feed outage needs a feed that had bookings. */
    private void ensureLive(OtaSimulation.Unit unit, String channel, Instant day, LocalDate today) {
        boolean live = stays.stream().anyMatch(s -> s.unit().equals(unit.name()) && s.channel().equals(channel) && s.cancelledAt() == null
                && s.latest().end().isAfter(today.plusDays(20)));
        if (!live) scripted.add(bookFirstFree(unit, channel, today.plusDays(30), 3, day.plus(Duration.ofHours(2))).id());
    }

    private SimStay bookFirstFree(OtaSimulation.Unit unit, String channel, LocalDate from, int nights, Instant when) {
        for (LocalDate d = from; ; d = d.plusDays(1)) {
            SimStay s = book(unit, channel, d, d.plusDays(nights), when, false);
            if (s != null) return s;
        }
    }

    private boolean free(String unit, LocalDate from, LocalDate to, Instant when, SimStay except) {
        for (SimStay s : stays) {
            if (s == except || !s.unit().equals(unit) || s.cancelledAt() != null) continue;
            if (s.latest().start().isBefore(to) && from.isBefore(s.latest().end())) return false;
        }
        for (Freed f : freed) if (f.unit().equals(unit) && f.until().isAfter(when) && f.start().isBefore(to) && from.isBefore(f.end())) return false;
        return true;
    }

    private String uid(String channel) {
        return switch (channel) {
            case "airbnb" -> hex(12) + "-" + hex(32) + "@airbnb.com";
            case "booking" -> hex(32) + "@booking.com";
            default -> hex(8) + "-" + hex(4) + "-" + hex(4) + "-" + hex(4) + "-" + hex(12);
        };
    }

    private String code(String channel) {
        return switch (channel) {
            case "airbnb" -> "HM" + chars(8);
            case "vrbo" -> "HA-" + chars(6);
            default -> null;
        };
    }

    private String hex(int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) b.append(Character.forDigit(random.nextInt(16), 16));
        return b.toString();
    }

    private String chars(int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) b.append(CODE_CHARS.charAt(random.nextInt(CODE_CHARS.length())));
        return b.toString();
    }
}
