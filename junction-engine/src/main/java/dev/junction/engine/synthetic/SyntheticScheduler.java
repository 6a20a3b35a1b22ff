package dev.junction.engine.synthetic;

import dev.junction.core.config.SourceSpec;
import dev.junction.core.config.SyntheticSpec;
import dev.junction.core.verify.Canary;
import dev.junction.engine.alert.Alert;
import dev.junction.engine.alert.Alerter;
import dev.junction.engine.loop.StepLoop;
import dev.junction.store.AdminReads;
import dev.junction.store.DeliveryView;
import dev.junction.store.SyntheticResult;
import dev.junction.store.SyntheticResult.Outcome;
import dev.junction.store.SyntheticState;
import dev.junction.store.SyntheticStates;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs synthetic probes (ADR 0030). {@link #step()} does what is due on the calling thread and says when to look again;
 * {@link #start()} repeats it on a thread. A run is claimed in the store (one node per probe, the next run moved on, so a
 * restart sends nothing before it is due), its canary sent through the source's door, then judged by its deliveries
 * on later steps until it arrived, died or its SLA passed. A late or failed canary is counted and raises an alert.
 */
public final class SyntheticScheduler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SyntheticScheduler.class);
    /** How often a canary in flight is looked at: its e2e is read from the store, so this bounds only how soon it is judged. */
    static final Duration WATCH = Duration.ofSeconds(1);
    /** Beyond the SLA and the door's timeout, the lease leaves this for judging and recording the run. */
    static final Duration LEASE_MARGIN = Duration.ofSeconds(30);

    /** A canary this node sent (or took over) and judges. */
    private record Watch(String messageId, Instant sentAt) {}

    private final Map<String, SyntheticSpec> probes;
    private final Map<String, SourceSpec> sources;
    private final SyntheticStates store;
    private final AdminReads reads;
    private final Door door;
    private final Clock clock;
    private final String node;
    private final Alerter alerter;
    private final Supplier<String> canaryIds;
    private final Map<String, Watch> watching = new ConcurrentHashMap<>();
    /** When each probe not watched here is next worth asking the store about. */
    private final Map<String, Instant> lookAt = new ConcurrentHashMap<>();
    private volatile SyntheticMetrics metrics;
    private StepLoop loop;

    public SyntheticScheduler(Map<String, SyntheticSpec> probes, Map<String, SourceSpec> sources, SyntheticStates store, AdminReads reads,
                              Door door, Clock clock, String node, Alerter alerter, Supplier<String> canaryIds) {
        this.probes = new LinkedHashMap<>(probes);
        this.sources = sources;
        this.store = store;
        this.reads = reads;
        this.door = door;
        this.clock = clock;
        this.node = node;
        this.alerter = alerter;
        this.canaryIds = canaryIds;
        Instant now = clock.instant();
        probes.keySet().forEach(p -> lookAt.put(p, now));
    }

    public void metrics(SyntheticMetrics metrics) {
        this.metrics = metrics;
    }

    public Map<String, SyntheticSpec> probes() {
        return probes;
    }

    /** The lease a run takes: long enough to send, wait out the SLA and record the verdict. */
    static Duration lease(SyntheticSpec probe) {
        return probe.sla().plus(HttpDoor.TIMEOUT).plus(LEASE_MARGIN);
    }

    /** Does what is due; returns when something may next be due. */
    public Instant step() {
        for (SyntheticSpec probe : probes.values()) {
            try {
                stepProbe(probe);
            } catch (RuntimeException e) {
                // The store or a bug: looked at again a little later; a lease held meanwhile passes on its own.
                log.warn("synthetic probe {} failed to run: {}", probe.name(), e.getClass().getName());
                lookAt.put(probe.name(), clock.instant().plus(WATCH));
            }
        }
        Instant next = lookAt.values().stream().min(Instant::compareTo).orElse(clock.instant().plus(Duration.ofMinutes(1)));
        return watching.isEmpty() ? next : min(next, clock.instant().plus(WATCH));
    }

    private void stepProbe(SyntheticSpec probe) {
        String name = probe.name();
        Watch watch = watching.get(name);
        if (watch != null) {
            judge(probe, watch);
            return;
        }
        Instant now = clock.instant();
        if (lookAt.getOrDefault(name, now).isAfter(now)) return;
        Optional<SyntheticState> claimed = store.claimSyntheticRun(name, node, now, now.plus(probe.every()), lease(probe));
        if (claimed.isEmpty()) {
            // Another node holds it, or it is not due: ask again when it may be.
            SyntheticState s = store.syntheticState(name).orElse(null);
            Instant when = s == null ? now.plus(WATCH) : s.inFlight() && s.leaseUntil() != null ? max(s.leaseUntil(), s.nextRunAt()) : s.nextRunAt();
            lookAt.put(name, max(when, now.plus(WATCH)));
            return;
        }
        SyntheticState state = claimed.get();
        lookAt.put(name, state.nextRunAt());
        if (state.inFlight()) {
            // Its sender stopped before judging it: judged here, against its own send time.
            Watch taken = new Watch(state.messageId(), state.sentAt());
            watching.put(name, taken);
            judge(probe, taken);
        } else {
            send(probe);
        }
    }

    private void send(SyntheticSpec probe) {
        String id = canaryIds.get();
        Instant sentAt = clock.instant();
        Canary canary = Canary.of(probe, sources.get(probe.source()), id, sentAt);
        Door.Answer answer = door.knock(probe.source(), canary);
        if (!answer.accepted()) {
            finish(probe, new SyntheticResult(Outcome.REJECTED, null, answer.describe(), clock.instant()), List.of());
            return;
        }
        if (!store.syntheticSent(probe.name(), node, id, answer.messageId(), sentAt)) {
            log.warn("synthetic probe {}: lease lost before its canary was recorded", probe.name());
            return;
        }
        Watch watch = new Watch(answer.messageId(), sentAt);
        watching.put(probe.name(), watch);
        judge(probe, watch); // a canary no route took is known at once
    }

    private void judge(SyntheticSpec probe, Watch watch) {
        List<DeliveryView> deliveries = reads.deliveriesOf(watch.messageId());
        Optional<SyntheticResult> verdict = Verdict.of(deliveries, watch.sentAt(), probe.sla(), clock.instant());
        if (verdict.isEmpty()) return;
        watching.remove(probe.name());
        finish(probe, verdict.get(), Verdict.missing(deliveries));
    }

    private void finish(SyntheticSpec probe, SyntheticResult result, List<String> missing) {
        if (!store.finishSyntheticRun(probe.name(), node, result)) {
            log.warn("synthetic probe {}: lease lost before its result was recorded", probe.name());
            return;
        }
        SyntheticMetrics m = metrics;
        if (m != null) m.finished(probe.name(), result);
        if (result.outcome().failure()) {
            Alert.Kind kind = result.outcome() == Outcome.LATE ? Alert.Kind.SYNTHETIC_LATE : Alert.Kind.SYNTHETIC_FAILED;
            alerter.raise(new Alert(kind, missing.isEmpty() ? null : String.join(",", missing),
                    "synthetic " + probe.name() + " (source " + probe.source() + "): " + result.outcome().name().toLowerCase(java.util.Locale.ROOT)
                            + ": " + result.detail(), result.finishedAt()));
        }
    }

    public SyntheticScheduler start() {
        if (probes.isEmpty()) return this;
        loop = StepLoop.start("junction-synthetics", clock, Duration.ofMinutes(1), WATCH, this::step);
        return this;
    }

    /** Stops; a canary in flight stays recorded, for whichever node (this one restarted) claims the probe next. */
    @Override
    public void close() {
        if (loop != null) loop.close();
        try {
            if (!probes.isEmpty()) store.releaseSyntheticLeases(node);
        } catch (RuntimeException e) {
            // the leases pass on their own
        }
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
