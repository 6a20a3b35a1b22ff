package dev.junction.engine.append;

import dev.junction.core.model.Ids;
import dev.junction.engine.observe.PipelineMetrics;
import dev.junction.engine.route.Router;
import dev.junction.store.EventLog;
import dev.junction.store.IngestOutcome;
import dev.junction.store.NewEntry;
import dev.junction.store.NewMessage;
import dev.junction.store.PlannedDelivery;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import java.util.function.LongSupplier;

/**
 * The one door into the log. Every way in (webhooks today; pollers, calendar syncs and the publish API
 * next) checks and keys its events in its own way, then appends here, where what they share happens once:
 * back-pressure, routing, the ingest fast path's leases, the durable write and the count of events no
 * route took. A result of {@link Appended.Stored} means the message and its deliveries are committed.
 */
public final class Appender {

    /**
     * What the log tells the delivery side: before storing, which deliveries this node will send itself
     * (leased in the same transaction); after, what was stored (or null when storing failed).
     */
    public interface Handoff {
        List<PlannedDelivery> beforeStore(List<PlannedDelivery> planned);

        void afterStore(List<PlannedDelivery> planned, IngestOutcome outcome);

        /** No delivery side: everything waits in the queue. */
        Handoff NONE = new Handoff() {
            @Override
            public List<PlannedDelivery> beforeStore(List<PlannedDelivery> planned) {
                return planned;
            }

            @Override
            public void afterStore(List<PlannedDelivery> planned, IngestOutcome outcome) {}
        };
    }

    private final EventLog log;
    private final Router router;
    private final Clock clock;
    private final Ids ids;
    private final Handoff handoff;
    private volatile long maxBacklog;
    private volatile LongSupplier backlog = () -> 0;
    private volatile PipelineMetrics metrics = PipelineMetrics.inMemory();

    public Appender(EventLog log, Router router, Clock clock, Ids ids, Handoff handoff) {
        this.log = log;
        this.router = router;
        this.clock = clock;
        this.ids = ids;
        this.handoff = handoff;
    }

    /**
     * Refuse new events while more than {@code maxBacklog} deliveries wait (0: no limit); {@code backlog}
     * should be cheap (a cached count): it is read on every append.
     */
    public void limitBacklog(long maxBacklog, LongSupplier backlog) {
        this.maxBacklog = maxBacklog;
        this.backlog = backlog;
    }

    public void metrics(PipelineMetrics metrics) {
        this.metrics = metrics;
    }

    /** The backlog, when it is over the limit: a door may ask before doing costly work of its own. */
    public OptionalLong overloaded() {
        if (maxBacklog <= 0) return OptionalLong.empty();
        long waiting = backlog.getAsLong();
        return waiting > maxBacklog ? OptionalLong.of(waiting) : OptionalLong.empty();
    }

    /**
     * Writes a batch of planned messages in a transaction the caller commits with its own writes (a poll's cursor
     * and snapshot); returns one outcome per message, or empty when it wrote nothing.
     */
    @FunctionalInterface
    public interface BatchWrite {
        Optional<List<IngestOutcome>> write(List<NewEntry> entries, Supplier<String> deliveryIds);
    }

    /**
     * Appends arrivals routed as {@link #append(Arrival)} does, all through {@code write} in one transaction with
     * whatever it writes beside them: all of them are stored or none. Empty when {@code write} wrote nothing.
     * The backlog limit is not applied here: a door that batches asks {@link #overloaded()} before its costly work.
     */
    public Optional<List<Appended>> appendAll(List<Arrival> arrivals, BatchWrite write) {
        List<NewEntry> entries = new ArrayList<>(arrivals.size());
        List<List<PlannedDelivery>> planned = new ArrayList<>(arrivals.size());
        for (Arrival arrival : arrivals) {
            List<PlannedDelivery> p = handoff.beforeStore(router.plan(arrival.source(), arrival.eventType(), arrival.content()));
            planned.add(p);
            entries.add(new NewEntry(message(arrival), p));
        }
        Optional<List<IngestOutcome>> outcomes = Optional.empty();
        try {
            outcomes = write.write(entries, () -> ids.next("dlv"));
        } finally {
            for (int i = 0; i < planned.size(); i++) handoff.afterStore(planned.get(i), outcomes.isEmpty() ? null : outcomes.get().get(i));
        }
        if (outcomes.isEmpty()) return Optional.empty();
        List<Appended> results = new ArrayList<>(arrivals.size());
        for (int i = 0; i < arrivals.size(); i++) {
            IngestOutcome outcome = outcomes.get().get(i);
            if (outcome.duplicate()) {
                results.add(new Appended.Duplicate(outcome.messageId()));
                continue;
            }
            if (planned.get(i).isEmpty()) metrics.unrouted(arrivals.get(i).metricsSource());
            results.add(new Appended.Stored(outcome.messageId(), planned.get(i).size()));
        }
        return Optional.of(results);
    }

    private NewMessage message(Arrival arrival) {
        return new NewMessage(ids.next("msg"), arrival.source(), arrival.dedupeKey(), clock.instant(), arrival.contentType(),
                arrival.keptHeaders(), arrival.content().body(), arrival.traceId(), arrival.eventType());
    }

    /** Appends an arrival with the deliveries its source's routes plan for it. */
    public Appended append(Arrival arrival) {
        return append(arrival, router.plan(arrival.source(), arrival.eventType(), arrival.content()));
    }

    /** Appends an arrival with deliveries its door planned itself (the publish API's fan-out to endpoints). */
    public Appended append(Arrival arrival, List<PlannedDelivery> deliveries) {
        OptionalLong over = overloaded();
        if (over.isPresent()) return new Appended.Overloaded(over.getAsLong());
        NewMessage message = message(arrival);
        List<PlannedDelivery> planned = handoff.beforeStore(deliveries);
        IngestOutcome outcome = null;
        try {
            outcome = log.append(message, planned, () -> ids.next("dlv"));
        } finally {
            handoff.afterStore(planned, outcome);
        }
        if (outcome.duplicate()) return new Appended.Duplicate(outcome.messageId());
        // Stored all the same: its story says why it went nowhere.
        if (planned.isEmpty()) metrics.unrouted(arrival.metricsSource());
        return new Appended.Stored(outcome.messageId(), planned.size());
    }
}
