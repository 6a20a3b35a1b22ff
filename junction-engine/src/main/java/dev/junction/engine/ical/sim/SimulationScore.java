package dev.junction.engine.ical.sim;

import dev.junction.engine.ical.FeedState;
import dev.junction.engine.ical.IcalEvent;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores a sync's polls and events against an {@link OtaSimulation}'s truth: the same score whether the sync ran
 * in process ({@link SimulationDriver}) or through a gateway that polled the simulated feeds over HTTP and stored
 * the events as messages ({@code junction demo ical}).
 */
public final class SimulationScore {

    private final OtaSimulation sim;
    private final Map<Integer, Integer> cancelledSeen = new HashMap<>();
    private int polls, succeeded, failed, held, created, changes, churned, cancellations, wronglyCancelled;
    private int conflicts, conflictsWrong, suspects, stale, unrecognised;

    public SimulationScore(OtaSimulation sim) {
        this.sim = sim;
    }

    /** One feed polled at {@code t}, as its state stands after the poll. */
    public void polled(FeedState after, Instant t) {
        polls++;
        if (t.equals(after.lastSuccess())) succeeded++;
        if (t.equals(after.lastFailure())) failed++;
        if (after.health().suspect()) held++;
    }

    /** An event the sync emitted at {@code t}. */
    public void event(IcalEvent e, Instant t) {
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

    public SimulationReport report() {
        List<SimStay> stays = sim.stays();
        int missed = (int) stays.stream().filter(s -> s.cancelledAt() != null && !cancelledSeen.containsKey(s.id())).count();
        int repeated = (int) cancelledSeen.values().stream().filter(n -> n > 1).count();
        int made = (int) stays.stream().filter(s -> s.cancelledAt() != null).count();
        int changesMade = stays.stream().mapToInt(SimStay::dateChanges).sum();
        int scripted = (int) stays.stream().filter(SimStay::doubleBooked).count();
        return new SimulationReport(polls, succeeded, failed, held, stays.size(), created, changes, changesMade, churned, cancellations, made, missed,
                repeated, wronglyCancelled, conflicts, scripted, conflictsWrong, suspects, stale, unrecognised);
    }
}
