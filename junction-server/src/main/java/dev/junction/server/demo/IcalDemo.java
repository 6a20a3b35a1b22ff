package dev.junction.server.demo;

import dev.junction.core.config.DestinationSpec;
import dev.junction.core.config.IcalSpec;
import dev.junction.core.config.RouteSpec;
import dev.junction.core.config.SourceSpec;
import dev.junction.core.retry.RetryPolicy;
import dev.junction.engine.ical.FeedState;
import dev.junction.engine.ical.IcalJson;
import dev.junction.engine.ical.SyncSettings;
import dev.junction.engine.ical.UnitState;
import dev.junction.engine.ical.sim.OtaSimulation;
import dev.junction.engine.ical.sim.SimulationReport;
import dev.junction.engine.ical.sim.SimulationScore;
import dev.junction.engine.poll.IcalStates;
import dev.junction.engine.poll.PollResult;
import dev.junction.engine.poll.Poller;
import dev.junction.server.Gateway;
import dev.junction.server.config.JunctionConfig;
import dev.junction.store.MessageFilter;
import dev.junction.store.MessageSummary;
import dev.junction.store.PageRequest;
import dev.junction.store.Store;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code junction demo ical}: 18 months of three units' Airbnb, Booking.com and VRBO calendars (bookings, date
 * changes under new UIDs, cancellations, stays dropping off, a day of 503s, a login page, a truncated body, an empty
 * 200 and two overbookings), simulated and served over HTTP on 127.0.0.1, polled by a real gateway on SQLite whose
 * clock is stepped 12 hours at a time. Every poll goes the gateway's way (lease, conditional GET, parse, sync, one
 * commit of states and messages); the messages stored are scored against the simulation's truth and delivered to
 * a simulated property manager. Exit 0 only when no booking was wrongly cancelled, every cancellation was told once
 * and both overbookings were caught.
 */
public final class IcalDemo {

    public static final String SOURCE = "rentals";
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    static final Duration EVERY = Duration.ofHours(12);
    private static final long SEED = 42;

    private final Path dataDir;
    private final Duration deadline;
    private final PrintStream out;

    public IcalDemo(Path dataDir, Duration deadline, PrintStream out) {
        this.dataDir = dataDir;
        this.deadline = deadline;
        this.out = out;
    }

    public int run() throws Exception {
        long started = System.nanoTime();
        OtaSimulation sim = OtaSimulation.generate(SEED, START, OtaSimulation.DEFAULT_DAYS);
        SteppedClock clock = new SteppedClock(sim.start());
        out.printf("%nJunction iCal demo: %d units on Airbnb, Booking.com and VRBO over %d simulated days, polled every %d h by a gateway"
                + " on SQLite (%s)%n", sim.units().size(), OtaSimulation.DEFAULT_DAYS, EVERY.toHours(), dataDir);
        try (SimulatedChannels channels = new SimulatedChannels(sim, clock);
             Gateway gateway = Gateway.start(config(sim, channels), clock, Map.of())) {
            out.printf("  feeds served at %s, messages routed to %s%n", channels.feedUrl("{unit}", "{channel}"), channels.pmsUrl());
            Store store = gateway.pipeline().store();
            Poller poller = gateway.pipeline().poller();
            SimulationScore score = new SimulationScore(sim);
            String lastMessage = null;
            int stored = 0;
            for (Instant t = sim.start(); t.isBefore(sim.end()); t = t.plus(EVERY)) {
                clock.set(t);
                if (!pollOnce(poller)) {
                    out.printf("FAILED: the poll at %s did not run%n", t);
                    return 1;
                }
                for (UnitState unit : IcalStates.units(store.snapshot(SOURCE)).values()) {
                    for (FeedState feed : unit.feeds().values()) score.polled(feed, t);
                }
                List<MessageSummary> fresh;
                do {
                    fresh = store.messages(MessageFilter.ALL.source(SOURCE), new PageRequest(lastMessage, false, 500));
                    for (MessageSummary m : fresh) {
                        byte[] body = store.message(m.id()).orElseThrow().body();
                        score.event(IcalJson.event(m.eventType(), body), t);
                        lastMessage = m.id();
                        stored++;
                    }
                } while (fresh.size() == 500);
            }
            boolean settled = Demo.awaitSettled(gateway, deadline);
            SimulationReport report = score.report();
            out.printf("%nReport (from the %d messages the gateway stored)%n", stored);
            report.lines().forEach(line -> out.println("  " + line));
            out.printf("  delivered to the PMS:     %d of %d messages%s%n", channels.received.size(), stored, settled ? "" : " (NOT SETTLED)");
            double seconds = (System.nanoTime() - started) / 1e9;
            if (report.ok() && settled && channels.received.size() == stored) {
                out.printf("%nOK: no booking lost or wrongly cancelled, both overbookings caught, every message delivered, in %.1f s%n", seconds);
                return 0;
            }
            out.printf("%nFAILED after %.1f s%n", seconds);
            return 1;
        }
    }

    /** The scheduler of a gateway may hold the source for a moment: the demo's own poll then waits its turn. */
    private static boolean pollOnce(Poller poller) throws InterruptedException {
        for (int tries = 0; tries < 200; tries++) {
            if (poller.poll(SOURCE) instanceof PollResult.Done) return true;
            Thread.sleep(10);
        }
        return false;
    }

    private JunctionConfig config(OtaSimulation sim, SimulatedChannels channels) {
        Map<String, IcalSpec.Unit> units = new LinkedHashMap<>();
        for (OtaSimulation.Unit u : sim.units()) {
            Map<String, IcalSpec.Feed> feeds = new LinkedHashMap<>();
            for (String channel : OtaSimulation.CHANNELS) feeds.put(channel, new IcalSpec.Feed(channels.feedUrl(u.name(), channel), channel));
            units.put(u.name(), new IcalSpec.Unit(u.name(), u.zone(), feeds));
        }
        byte[] token = new byte[24];
        new SecureRandom().nextBytes(token);
        SyncSettings d = SyncSettings.ofDefaults();
        // The demo steps the polls itself, one every 12 simulated hours; the gateway's own schedule is set beyond the run,
        // and the cancel hold is what the demo's own steps take.
        IcalSpec ical = new IcalSpec(Duration.ofDays(3650), HexFormat.of().formatHex(token), java.time.ZoneOffset.UTC, d.cancelAfterMissing(),
                SyncSettings.defaultCancelHold(EVERY, d.cancelAfterMissing()),
                d.releaseAfter(), d.releaseHold(), d.massRemovalShare(), d.massRemovalMinimum(), d.staleAfter(), d.maxNights(), Duration.ofSeconds(5), units);
        Map<String, SourceSpec> sources = Map.of(SOURCE, SourceSpec.ical(SOURCE, ical));
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        DestinationSpec pms = new DestinationSpec("pms", URI.create(channels.pmsUrl()), Duration.ofSeconds(2),
                new RetryPolicy(5, Duration.ofMillis(200), Duration.ofSeconds(2), 2.0), "whsec_" + java.util.Base64.getEncoder().encodeToString(secret), Map.of());
        return new JunctionConfig(new JunctionConfig.Server("127.0.0.1", 0), new JunctionConfig.Store("sqlite:" + dataDir.resolve("ical.db"), null, null),
                sources, Map.of("pms", pms), List.of(new RouteSpec(SOURCE, List.of("pms"))), new JunctionConfig.Delivery(8, Duration.ofMillis(100), null));
    }
}
