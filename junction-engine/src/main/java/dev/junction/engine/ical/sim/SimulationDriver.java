package dev.junction.engine.ical.sim;

import dev.junction.engine.ical.ChannelFeed;
import dev.junction.engine.ical.FeedParser;
import dev.junction.engine.ical.FeedReading;
import dev.junction.engine.ical.IcalEvent;
import dev.junction.engine.ical.Preset;
import dev.junction.engine.ical.SyncSettings;
import dev.junction.engine.ical.UnitState;
import dev.junction.engine.ical.UnitSync;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the iCal sync over a whole {@link OtaSimulation}, every feed polled every {@code every}, exactly as
 * the poll machinery will (parse, then {@link UnitSync}), and scores the events against the truth.
 */
public final class SimulationDriver {

    private final OtaSimulation sim;
    private final UnitSync sync;
    private final FeedParser parser;
    private final Duration every;
    private final Map<String, UnitState> units = new HashMap<>();
    private final Map<Integer, Integer> cancelledSeen = new HashMap<>();
    private int polls, succeeded, failed, held, created, changes, churned, cancellations, wronglyCancelled;
    private int conflicts, conflictsWrong, suspects, stale, unrecognised;

    public SimulationDriver(OtaSimulation sim, SyncSettings settings, Duration every) {
        this.sim = sim;
        this.sync = new UnitSync(settings);
        this.parser = new FeedParser(settings);
        this.every = every;
    }

    public static SimulationReport run(OtaSimulation sim, SyncSettings settings, Duration every) {
        return new SimulationDriver(sim, settings, every).run();
    }

    /** The units' states as the run left them, for a demo's export. */
    public Map<String, UnitState> units() {
        return Map.copyOf(units);
    }

    public SimulationReport run() {
        for (Instant t = sim.start(); t.isBefore(sim.end()); t = t.plus(every)) {
            for (OtaSimulation.Unit unit : sim.units()) {
                for (String channel : OtaSimulation.CHANNELS) poll(new ChannelFeed(unit.name(), channel, Preset.named(channel), unit.zone()), unit, t);
            }
        }
        return report();
    }

    private void poll(ChannelFeed feed, OtaSimulation.Unit unit, Instant t) {
        UnitState state = units.computeIfAbsent(unit.name(), UnitState::initial);
        OtaSimulation.Answer answer = sim.answer(unit, feed.channel(), t);
        polls++;
        UnitSync.UnitPoll p;
        if (answer.status() / 100 != 2) {
            failed++;
            p = sync.failed(feed, state, "HTTP " + answer.status(), t);
        } else {
            FeedReading reading = parser.read(answer.contentType(), answer.body(), feed.preset(), feed.zone());
            p = sync.poll(feed, state, reading, t);
        }
        units.put(unit.name(), p.state());
        var after = p.state().feeds().get(feed.channel());
        if (t.equals(after.lastSuccess())) succeeded++;
        if (after.health().suspect()) held++;
        for (IcalEvent e : p.events()) count(e, t);
    }

    private void count(IcalEvent e, Instant t) {
        switch (e) {
            case IcalEvent.BookingCreated c -> {
                created++;
                if (stay(c.booking().uids()) == null) unrecognised++;
            }
            case IcalEvent.BookingChanged c -> {
                changes++;
                if (!c.matchedBy().equals("uid")) churned++;
                if (stay(c.booking().uids()) == null) unrecognised++;
            }
            case IcalEvent.BookingCancelled c -> {
                cancellations++;
                SimStay s = stay(c.booking().uids());
                if (s == null) unrecognised++;
                if (s == null || s.cancelledAt() == null || s.cancelledAt().isAfter(t)) wronglyCancelled++;
                else cancelledSeen.merge(s.id(), 1, Integer::sum);
            }
            case IcalEvent.BookingConflict c -> {
                conflicts++;
                boolean scripted = c.bookings().stream().map(b -> stay(b.uids())).anyMatch(s -> s != null && s.doubleBooked());
                if (!scripted) conflictsWrong++;
            }
            case IcalEvent.FeedSuspect s -> suspects++;
            case IcalEvent.FeedStale s -> stale++;
        }
    }

    private SimStay stay(List<String> uids) {
        for (SimStay s : sim.stays()) for (String uid : uids) if (s.hasUid(uid)) return s;
        return null;
    }

    private SimulationReport report() {
        List<SimStay> stays = sim.stays();
        int made = (int) stays.stream().filter(s -> s.cancelledAt() != null).count();
        int missed = (int) stays.stream().filter(s -> s.cancelledAt() != null && !cancelledSeen.containsKey(s.id())).count();
        int repeated = (int) cancelledSeen.values().stream().filter(n -> n > 1).count();
        int changesMade = stays.stream().mapToInt(SimStay::dateChanges).sum();
        int scripted = (int) stays.stream().filter(SimStay::doubleBooked).count();
        return new SimulationReport(polls, succeeded, failed, held, stays.size(), created, changes, changesMade, churned, cancellations, made, missed,
                repeated, wronglyCancelled, conflicts, scripted, conflictsWrong, suspects, stale, unrecognised);
    }
}
