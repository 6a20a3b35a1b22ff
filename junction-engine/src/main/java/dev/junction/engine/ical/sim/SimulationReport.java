package dev.junction.engine.ical.sim;

import java.util.List;

/**
 * What a simulation run saw, against the simulation's truth. It passes when no booking was wrongly
 * cancelled, every real cancellation was told exactly once, and exactly the scripted overbookings were
 * caught: {@link #exitCode()} is then 0, else 1 (the demo's exit status).
 *
 * @param pollsSucceeded   polls whose calendar was taken
 * @param pollsFailed      polls with no calendar to read (HTTP errors)
 * @param pollsHeld        polls that left the feed held as suspect
 * @param changesUnderNewUid changes recognised although the channel had issued a new UID (UID churn)
 * @param unrecognised     events naming no stay of the simulation (should be 0)
 */
public record SimulationReport(int polls, int pollsSucceeded, int pollsFailed, int pollsHeld, int stays, int created,
                               int changesSeen, int changesMade, int changesUnderNewUid, int cancellationsSeen, int cancellationsMade, int cancellationsMissed,
                               int cancellationsRepeated, int wronglyCancelled, int conflictsCaught, int conflictsScripted,
                               int conflictsWrong, int suspectRaised, int staleRaised, int unrecognised) {

    public boolean ok() {
        return wronglyCancelled == 0 && cancellationsMissed == 0 && cancellationsRepeated == 0 && conflictsCaught == conflictsScripted
                && conflictsWrong == 0 && unrecognised == 0;
    }

    public int exitCode() {
        return ok() ? 0 : 1;
    }

    public List<String> lines() {
        return List.of(
                "polls:                    " + polls + " (" + pollsSucceeded + " succeeded, " + pollsHeld + " held as suspect, " + pollsFailed + " failed)",
                "bookings created:         " + created + " of " + stays + " stays",
                "changes seen:             " + changesSeen + " of " + changesMade + " (" + changesUnderNewUid + " under a new UID)",
                "cancellations seen:       " + cancellationsSeen + " of " + cancellationsMade + " (missed " + cancellationsMissed
                        + ", told twice " + cancellationsRepeated + ")",
                "conflicts caught:         " + conflictsCaught + " of " + conflictsScripted + " overbookings (" + conflictsWrong + " false)",
                "feeds held as suspect:    " + suspectRaised + " times; gone stale " + staleRaised + " times",
                "bookings wrongly cancelled: " + wronglyCancelled,
                ok() ? "result: OK" : "result: FAILED");
    }
}
