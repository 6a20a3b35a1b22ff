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
import java.util.Map;

/**
 * Runs the iCal sync over a whole {@link OtaSimulation}, every feed polled every {@code every}, exactly as
 * the poll machinery does (parse, then {@link UnitSync}), and scores the events against the truth.
 */
public final class SimulationDriver {

    private final OtaSimulation sim;
    private final UnitSync sync;
    private final FeedParser parser;
    private final Duration every;
    private final Map<String, UnitState> units = new HashMap<>();
    private final SimulationScore score;

    public SimulationDriver(OtaSimulation sim, SyncSettings settings, Duration every) {
        this.sim = sim;
        this.sync = new UnitSync(settings);
        this.parser = new FeedParser(settings);
        this.every = every;
        this.score = new SimulationScore(sim);
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
        return score.report();
    }

    private void poll(ChannelFeed feed, OtaSimulation.Unit unit, Instant t) {
        UnitState state = units.computeIfAbsent(unit.name(), UnitState::initial);
        OtaSimulation.Answer answer = sim.answer(unit, feed.channel(), t);
        UnitSync.UnitPoll p;
        if (answer.status() / 100 != 2) {
            p = sync.failed(feed, state, "HTTP " + answer.status(), t);
        } else {
            FeedReading reading = parser.read(answer.contentType(), answer.body(), feed.preset(), feed.zone());
            p = sync.poll(feed, state, reading, t);
        }
        units.put(unit.name(), p.state());
        score.polled(p.state().feeds().get(feed.channel()), t);
        for (IcalEvent e : p.events()) score.event(e, t);
    }
}
