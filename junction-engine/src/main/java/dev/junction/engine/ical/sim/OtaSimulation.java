package dev.junction.engine.ical.sim;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Three OTA feeds (Airbnb, Booking.com, VRBO) for a few units over a simulated stretch of months: what each
 * feed answers at any instant, and the truth behind it. Deterministic: the same seed gives the same world.
 * {@code junction demo ical} and the simulation test run {@link SimulationDriver} over it.
 */
public final class OtaSimulation {

    public static final List<String> CHANNELS = List.of("airbnb", "booking", "vrbo");
    /** About 18 months. */
    public static final int DEFAULT_DAYS = 548;

    public record Unit(String name, ZoneId zone) {}

    public enum OutageKind { HTTP_503, HTML, TRUNCATED, EMPTY }

    /** A feed answering badly over [from, until). */
    public record Outage(String unit, String channel, Instant from, Instant until, OutageKind kind) {
        boolean covers(String u, String c, Instant t) {
            return unit.equals(u) && channel.equals(c) && !t.isBefore(from) && t.isBefore(until);
        }
    }

    /** One HTTP answer of a feed. */
    public record Answer(int status, String contentType, byte[] body) {}

    private static final String LOGIN_PAGE = "<!DOCTYPE html>\n<html><head><title>Log in</title></head><body><form></form></body></html>\n";

    private final Instant start;
    private final int days;
    private final List<Unit> units;
    private final List<SimStay> stays;
    private final List<Outage> outages;

    private OtaSimulation(Instant start, int days, List<Unit> units, List<SimStay> stays, List<Outage> outages) {
        this.start = start;
        this.days = days;
        this.units = units;
        this.stays = stays;
        this.outages = outages;
    }

    /** @param start the simulation's first instant: its clock never reads the machine's */
    public static OtaSimulation generate(long seed, Instant start, int days) {
        if (days < 420) throw new IllegalArgumentException("days must be at least 420 (the scripted outages and overbookings), but was " + days);
        List<Unit> units = List.of(new Unit("villa-1", ZoneId.of("Europe/Berlin")), new Unit("villa-2", ZoneId.of("Europe/Lisbon")),
                new Unit("cabin-3", ZoneId.of("America/New_York")));
        List<Outage> outages = List.of(
                outage(units.get(0), "airbnb", start, 200, 24, OutageKind.HTTP_503),
                outage(units.get(1), "vrbo", start, 250, 12, OutageKind.TRUNCATED),
                outage(units.get(2), "booking", start, 300, 36, OutageKind.HTML),
                outage(units.get(1), "booking", start, 350, 24, OutageKind.EMPTY));
        List<SimStay> stays = new StayGenerator(seed, start, days, units, outages).generate();
        return new OtaSimulation(start, days, units, stays, outages);
    }

    private static Outage outage(Unit unit, String channel, Instant start, int day, int hours, OutageKind kind) {
        Instant from = start.plus(Duration.ofDays(day));
        return new Outage(unit.name(), channel, from, from.plus(Duration.ofHours(hours)), kind);
    }

    public Instant start() {
        return start;
    }

    /** A day after the last booking activity, so that every change has been polled. */
    public Instant end() {
        return start.plus(Duration.ofDays(days + 1L));
    }

    public List<Unit> units() {
        return units;
    }

    public List<SimStay> stays() {
        return stays;
    }

    public List<Outage> outages() {
        return outages;
    }

    public Answer answer(Unit unit, String channel, Instant t) {
        OutageKind outage = outages.stream().filter(o -> o.covers(unit.name(), channel, t)).map(Outage::kind).findFirst().orElse(null);
        if (outage == OutageKind.HTTP_503) return new Answer(503, "text/html", "<html>Service Unavailable</html>".getBytes(StandardCharsets.UTF_8));
        if (outage == OutageKind.HTML) return new Answer(200, "text/html; charset=utf-8", LOGIN_PAGE.getBytes(StandardCharsets.UTF_8));
        LocalDate today = LocalDate.ofInstant(t, unit.zone());
        List<SimStay> shown = new ArrayList<>();
        List<SimStay.Version> versions = new ArrayList<>();
        if (outage != OutageKind.EMPTY) {
            for (SimStay s : stays) {
                if (!s.unit().equals(unit.name()) || !s.channel().equals(channel)) continue;
                SimStay.Version v = s.at(t);
                if (v != null && v.end().plusDays(keepsPastDays(channel)).isAfter(today)) {
                    shown.add(s);
                    versions.add(v);
                }
            }
        }
        String body = outage == OutageKind.EMPTY ? OtaFeedWriter.empty(channel) : OtaFeedWriter.write(channel, shown, versions, today, t);
        if (outage == OutageKind.TRUNCATED) body = body.substring(0, body.length() / 2);
        return new Answer(200, "text/calendar; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }

    /** How long each channel keeps a stay in its feed after checkout: then it drops off. */
    static int keepsPastDays(String channel) {
        return switch (channel) {
            case "airbnb" -> 14;
            case "vrbo" -> 3;
            default -> 0;
        };
    }
}
