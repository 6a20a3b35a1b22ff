package dev.junction.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What synthetic probes remember across restarts and nodes: when each next runs, a lease so that one node runs it,
 * the canary in flight and the last result. Every method is one transaction.
 */
public interface SyntheticStates {

    /** Every probe that was ever claimed, by name. */
    List<SyntheticState> syntheticStates();

    Optional<SyntheticState> syntheticState(String probe);

    /**
     * Takes the probe for {@code owner} until {@code now + lease} when nobody holds it (or its holder's lease passed) and
     * it is due: its next run is at or before {@code now} (a probe never claimed is due at once), or a canary is in flight
     * (its holder stopped before judging it; the taker judges it). Claiming a due run moves the next run to
     * {@code nextRunAt}, so a restart or another node does not send again before then. Of concurrent takers exactly one wins.
     *
     * @return the probe as claimed, or empty when it is not due or another node holds it
     */
    Optional<SyntheticState> claimSyntheticRun(String probe, String owner, Instant now, Instant nextRunAt, Duration lease);

    /** Records the canary the door accepted; false when {@code owner} no longer holds the probe. */
    boolean syntheticSent(String probe, String owner, String canaryId, String messageId, Instant sentAt);

    /** Ends the run: its result recorded, the canary cleared, the lease given up; false when {@code owner} no longer holds it. */
    boolean finishSyntheticRun(String probe, String owner, SyntheticResult result);

    /** Gives up {@code owner}'s leases (shutting down), keeping any canary in flight for the next holder to judge. */
    int releaseSyntheticLeases(String owner);
}
