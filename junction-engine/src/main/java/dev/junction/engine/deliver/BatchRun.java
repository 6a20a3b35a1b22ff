package dev.junction.engine.deliver;

import dev.junction.core.config.BatchSpec;
import dev.junction.core.model.Ids;
import dev.junction.core.retry.DeliveryRefused;
import dev.junction.engine.observe.PipelineMetrics;
import dev.junction.store.ClaimedDelivery;
import dev.junction.store.DeliveryQueue;
import dev.junction.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One attempt at a batch (ADR 0026): the deliveries' payloads go out as one request, the guard counts one
 * call, and each delivery gets its own attempt (sharing the batch's id) and its own next state: from its
 * own item of a per-item answer, or else from the whole answer. Retries, dead letters and replays stay per
 * delivery; a retried delivery joins whatever batch is gathering when it is due again.
 */
final class BatchRun {

    private static final Logger log = LoggerFactory.getLogger(BatchRun.class);

    private final DeliveryRun run;
    private final Sender sender;
    private final DeliveryQueue queue;
    private final String owner;
    private final Clock clock;
    private final Ids ids;
    private final Set<String> sending;
    private final Supplier<PipelineMetrics> metrics;

    BatchRun(DeliveryRun run, Sender sender, DeliveryQueue queue, String owner, Clock clock, Ids ids, Set<String> sending,
             Supplier<PipelineMetrics> metrics) {
        this.run = run;
        this.sender = sender;
        this.queue = queue;
        this.owner = owner;
        this.clock = clock;
        this.ids = ids;
        this.sending = sending;
        this.metrics = metrics;
    }

    /** Sends the batch (the guard has admitted one call for it) and records every delivery's attempt. */
    void deliver(List<ClaimedDelivery> deliveries, DestinationRuntime destination, Runnable slotFreed) {
        String batchId = ids.next("bat");
        try (var b = MDC.putCloseable("batch_id", batchId)) {
            BatchSpec spec = destination.spec().batch();
            Instant started = clock.instant();
            List<Judged> judged = new ArrayList<>(deliveries.size());
            List<ClaimedDelivery> ready = new ArrayList<>(deliveries.size());
            for (ClaimedDelivery d : deliveries) { // each item's transform, as a single delivery would have it
                Sender.Prepared prepared = sender.prepare(d);
                if (prepared.refused() == null) ready.add(prepared.delivery());
                else judged.add(judge(d, destination, started, started, prepared.refused(), batchId));
            }
            BatchBody.Built built = BatchBody.build(ready, spec.format());
            for (BatchBody.Refused r : built.refused()) {
                SendResult refused = SendResult.failure(new DeliveryRefused("payload", r.why(), true));
                judged.add(judge(r.delivery(), destination, started, started, refused, batchId));
            }
            Integer status = null;
            if (built.items().isEmpty()) {
                destination.guard().cancel(); // no request was made
                slotFreed.run();
            } else {
                status = send(built, destination, spec, batchId, started, judged, slotFreed);
            }
            record(judged, destination, status);
        }
    }

    /** Returns the answer's HTTP status (null: none came). */
    private Integer send(BatchBody.Built built, DestinationRuntime destination, BatchSpec spec, String batchId, Instant started,
                      List<Judged> judged, Runnable slotFreed) {
        List<String> itemIds = built.items().stream().map(ClaimedDelivery::id).toList();
        SendResult whole;
        sending.addAll(itemIds);
        try {
            whole = sender.sendBatch(new Batch(batchId, built.body(), spec.format().contentType()), destination.spec());
        } finally {
            itemIds.forEach(sending::remove);
        }
        Instant finished = clock.instant();
        Duration took = Duration.between(started, finished);
        destination.guard().finish(AttemptJudge.outcome(whole), took, whole.error()); // one call, one outcome for the breaker
        slotFreed.run();
        List<SendResult> items = BatchAnswer.items(whole, spec.results(), built.items().size());
        for (int i = 0; i < items.size(); i++) {
            Judged j = judge(built.items().get(i), destination, started, finished, items.get(i), batchId);
            metrics.get().attempted(destination.metricsLabel(), j.verdict().attempt().outcome(), items.get(i).status(), took);
            judged.add(j);
        }
        log.debug("batch {} of {} deliveries: {}", batchId, built.items().size(),
                whole.status() != null ? "HTTP " + whole.status() : "no answer");
        return whole.status();
    }

    private record Judged(ClaimedDelivery delivery, AttemptJudge.Verdict verdict) {}

    private static Judged judge(ClaimedDelivery d, DestinationRuntime destination, Instant started, Instant finished,
                                SendResult result, String batchId) {
        return new Judged(d, AttemptJudge.judge(d.id(), d.attemptsMade() + 1, started, finished, result, destination.schedule(),
                d.createdAt().plus(destination.spec().guard().deadline()), batchId));
    }

    /** Every delivery's attempt in one transaction; a delivery whose lease was lost meanwhile is left to its new holder. */
    private void record(List<Judged> judged, DestinationRuntime destination, Integer status) {
        List<DeliveryQueue.Completed> completed = judged.stream()
                .map(j -> new DeliveryQueue.Completed(j.verdict().attempt(), j.verdict().next())).toList();
        List<Boolean> applied;
        try {
            applied = queue.completeAll(owner, completed, clock.instant());
        } catch (StoreException e) {
            // The leases expire and the deliveries are claimed again: at-least-once, never zero.
            log.warn("could not record the attempts of a batch of {} deliveries: {}", judged.size(), e.getMessage());
            return;
        }
        for (int i = 0; i < judged.size(); i++) {
            Judged j = judged.get(i);
            if (!applied.get(i)) {
                log.warn("lease on delivery {} was lost before its attempt {} was recorded", j.delivery().id(), j.verdict().attempt().number());
                continue;
            }
            run.recorded(j.delivery(), destination, j.verdict());
        }
        run.checkDisable(destination, status); // by the whole answer: an item's 410 is that record gone, not the API
    }
}
