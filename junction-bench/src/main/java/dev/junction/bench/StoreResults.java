package dev.junction.bench;

import java.util.List;

/** What the store phases ({@link StorePhases}) measured, one record per phase and one per store, as the report reads them. */
final class StoreResults {

    private StoreResults() {}

    record IngestPhase(LoadGenerator.Result warmup, LoadGenerator.Result load, SystemProbe.Usage usage,
                       long deliveredDuringLoad, double deliveredPerSecondDuringLoad, double diskFlushesPerAck) {}

    /**
     * @param endToEnd        request sent by the load generator → first 200 arrival at the sink (so it
     *                         includes the acknowledgement's own latency: an upper bound of accepted → delivered)
     * @param arrivedBeforeAck deliveries that reached the sink before the load generator had read the 202
     * @param undelivered      acknowledged events not at the sink when the wait ended
     * @param leasedAtIngest   deliveries the gateway leased in the ingest transaction (ADR 0007)
     * @param claimed          deliveries it claimed from the queue instead
     */
    record OpenLoopPhase(double targetRate, LoadGenerator.Result load, SystemProbe.Usage usage, double diskFlushesPerAck,
                         Latency endToEnd, long acked, long delivered, long arrivedBeforeAck, long undelivered,
                         double waitAfterLoadSeconds, long leasedAtIngest, long claimed) {}

    /**
     * @param deliveriesPerSecond successful deliveries per second, from the sink's first request to its last 200
     * @param attemptsPerDelivery requests the sink saw per successful delivery
     */
    record DrainPhase(double failureRate, long backlog, double prefillSeconds, long delivered, long sinkRequests,
                      long failuresAnswered, long duplicates, double seconds, double deliveriesPerSecond,
                      double attemptsPerDelivery, boolean complete, SystemProbe.Usage usage, double diskFlushesPerDelivery) {}

    /** @param ingestAlone the same closed loop with the destination paused: ingest without delivery's share of the machine */
    record StoreRun(String engine, String serverVersion, String where, RawInsert.Result rawBatched,
                    RawInsert.Result rawSingle, IngestPhase ingest, OpenLoopPhase openLoop, DrainPhase drainClean,
                    DrainPhase drainFailing, List<String> problems, List<String> warnings, double seconds, IngestPhase ingestAlone) {}
}
