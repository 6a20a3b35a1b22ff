package dev.junction.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What a sync's reconciliation reads and keeps: every record Junction agreed, page by page, and each run's report. */
public interface SyncReconciliations {

    /** The sync's records with keys after {@code afterKey} (null: from the first), in key order, with their crosswalks. */
    List<SyncStates.SyncRecordRow> syncRecords(String sync, String afterKey, int limit);

    void saveReconciliation(Reconciliation run);

    /** The sync's latest reconciliation, by when it started. */
    Optional<Reconciliation> latestReconciliation(String sync);

    /**
     * One reconciliation run.
     *
     * @param records    records compared (every match key Junction or any system knows)
     * @param consistent of those, the ones every system had as agreed
     * @param report     the run's report, a JSON document
     */
    record Reconciliation(String id, String sync, String node, Instant startedAt, Instant finishedAt, long records, long consistent,
                          String report) {}
}
