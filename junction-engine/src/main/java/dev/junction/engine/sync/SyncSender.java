package dev.junction.engine.sync;

import dev.junction.core.config.DestinationSpec;
import dev.junction.core.config.SyncSpec;
import dev.junction.core.model.Ids;
import dev.junction.engine.deliver.Batch;
import dev.junction.engine.deliver.SendResult;
import dev.junction.engine.deliver.Sender;
import dev.junction.store.ClaimedDelivery;
import dev.junction.store.SyncStates;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The syncs' part of delivering, in front of the other kinds' senders (ADR 0027): a delivery to a sync's internal
 * destination {@code sync:NAME} runs the sync step on its change; a delivery of a write a sync appended (its message
 * comes from {@code sync:NAME}) is made by the {@link SystemWriter} on the system's own destination, with that
 * destination's timeout, headers, retries and guard. Everything else goes to {@code others}.
 */
public final class SyncSender implements Sender {

    private final Map<String, StepRun> steps = new LinkedHashMap<>();
    private final Sender others;
    private final SystemWriter writer;
    private final ReviewDecisions decisions;
    private final Map<String, SyncSpec> syncs;
    private final SyncStates store;
    private volatile SyncMetrics metrics = SyncMetrics.inMemory();

    /** @param newWork told when a step appended writes, so the dispatcher looks for them now */
    public SyncSender(Map<String, SyncSpec> syncs, SyncStates store, Sender others, Clock clock, Ids ids, Runnable newWork) {
        this.others = others;
        this.syncs = Map.copyOf(syncs);
        this.store = store;
        this.decisions = new ReviewDecisions(this.syncs, store, clock, ids, newWork);
        Map<String, SyncSpec> byDestination = new LinkedHashMap<>();
        for (SyncSpec s : syncs.values()) {
            byDestination.put(s.destination(), s);
            steps.put(s.destination(), new StepRun(s, store, clock, ids, () -> metrics, newWork));
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        this.writer = new SystemWriter(syncs, store, http, () -> metrics);
    }

    /** Counts changes and writes in {@code metrics} (the default is an unexposed in-memory registry). */
    public void metrics(SyncMetrics metrics) {
        this.metrics = metrics;
        metrics.watchReviews(syncs.keySet(), store);
    }

    /** Decides review items (the admin API). */
    public ReviewDecisions decisions() {
        return decisions;
    }

    public SyncMetrics metrics() {
        return metrics;
    }

    @Override
    public SendResult send(ClaimedDelivery delivery, DestinationSpec destination) {
        StepRun step = steps.get(delivery.destination());
        if (step != null) return step.run(delivery.message());
        if (delivery.message().source().startsWith(SyncSpec.DESTINATION_PREFIX)) return writer.send(delivery, destination);
        return others.send(delivery, destination);
    }

    @Override
    public Prepared prepare(ClaimedDelivery delivery) {
        return others.prepare(delivery);
    }

    @Override
    public SendResult sendBatch(Batch batch, DestinationSpec destination) {
        return others.sendBatch(batch, destination);
    }

    @Override
    public void close() {
        others.close();
    }
}
