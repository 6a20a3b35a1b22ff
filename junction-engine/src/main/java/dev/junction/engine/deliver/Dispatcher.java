package dev.junction.engine.deliver;

import dev.junction.core.config.DestinationSpec;
import dev.junction.core.retry.RetrySchedule;
import dev.junction.engine.alert.Alert;
import dev.junction.engine.alert.Alerter;
import dev.junction.store.ClaimedDelivery;
import dev.junction.store.IngestOutcome;
import dev.junction.store.PlannedDelivery;
import dev.junction.store.Pause;
import dev.junction.store.Completion;
import dev.junction.store.DeliveryQueue;
import dev.junction.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims due deliveries from the store (a lease per claim) and sends each on a virtual thread, at
 * most {@code workers} at once. New work wakes it at once; otherwise it sleeps until the next delivery
 * is due or the poll interval passes, whichever is first.
 *
 * <p>When it has caught up (the last claim found less due work than it had room for), a new event's
 * deliveries are leased to this node in the very transaction that stores the event ({@link
 * #beforeStore}) and handed to a worker as soon as it commits ({@link #afterStore}): no claim, no
 * poll, one commit fewer per delivery. A lease is a lease either way: if this node dies, the delivery is
 * claimed again when it expires. Under a backlog the fast path is off, so new events queue behind older
 * ones instead of overtaking them. See ADR 0007.
 *
 * <p>Leased work that finds its destination's bulkhead full waits in the destination's {@link Lane}
 * (about one bulkhead's worth), and every finishing call starts the next one at once: claims refill the
 * lane while calls are made, instead of each claim waiting for calls to finish. See ADR 0009.
 */
public final class Dispatcher implements AutoCloseable, dev.junction.engine.ingest.Ingestor.Handoff {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final DeliveryQueue store;
    private final Map<String, DestinationSpec> destinations;
    private final Map<String, RetrySchedule> schedules = new LinkedHashMap<>();
    private final Map<String, DestinationGuard> guards = new LinkedHashMap<>();
    private final Map<String, Lane> lanes = new LinkedHashMap<>();
    private final Sender sender;
    private final Clock clock;
    private final DispatcherSettings settings;
    private final String owner;
    private final Semaphore capacity;
    /** A claim worth a transaction while behind: a quarter of what the destinations and workers can take at once. */
    private final int claimBatch;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final Object signal = new Object();
    private final DeliveryCounters counters = new DeliveryCounters();
    private final Set<String> inFlight = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private boolean signalled;
    /** The last claim found less due work than it had room for: new events may bypass the queue. */
    private volatile boolean caughtUp;
    /** The last claim left destinations out (guards): a finishing delivery may make room for them. */
    private volatile boolean skippedSome;
    /** Destinations paused in the store (by any node), as last read, and until when that read is fresh (clock millis). */
    private volatile Set<String> paused = Set.of();
    private volatile long pausedFreshUntil;
    /** How stale the paused set may be: the claim's own filter is authoritative, this only saves it work. */
    private static final long PAUSES_FRESH_MILLIS = 1_000;
    /** When the loop means to look again unless woken (epoch ms). */
    private volatile long plannedWakeAt;
    private Thread renewer;
    private volatile boolean running;
    private Thread loop;

    private final Alerter alerter;
    private volatile dev.junction.engine.observe.PipelineMetrics metrics = dev.junction.engine.observe.PipelineMetrics.inMemory();

    public void metrics(dev.junction.engine.observe.PipelineMetrics metrics) {
        this.metrics = metrics;
    }

    public Dispatcher(DeliveryQueue store, Map<String, DestinationSpec> destinations, Sender sender, Clock clock,
                      RandomGenerator random, DispatcherSettings settings, String owner) {
        this(store, destinations, sender, clock, random, settings, owner, Alerter.logOnly(clock));
    }

    public Dispatcher(DeliveryQueue store, Map<String, DestinationSpec> destinations, Sender sender, Clock clock,
                      RandomGenerator random, DispatcherSettings settings, String owner, Alerter alerter) {
        this.alerter = alerter;
        this.store = store;
        this.destinations = Map.copyOf(destinations);
        destinations.forEach((name, spec) -> {
            schedules.put(name, new RetrySchedule(spec.retry(), random));
            guards.put(name, new DestinationGuard(name, spec.guard(), clock, to -> {
                metrics.breakerTransition(name, to);
                if (to.equals("OPEN")) {
                    alerter.raise(new Alert(Alert.Kind.BREAKER_OPENED, name, "circuit breaker opened: deliveries wait until it closes",
                            clock.instant()));
                }
            }));
        });
        this.sender = sender;
        this.clock = clock;
        this.settings = settings;
        this.owner = owner;
        this.capacity = new Semaphore(settings.workers());
        guards.forEach((name, guard) -> lanes.put(name, new Lane(Math.min(guard.capacity(), settings.workers()))));
        int most = guards.values().stream().mapToInt(DestinationGuard::capacity).sum();
        this.claimBatch = Math.max(1, Math.min(settings.workers(), most) / 4);
    }

    public DeliveryCounters counters() {
        return counters;
    }

    public synchronized void start() {
        if (running) return;
        running = true;
        loop = Thread.ofPlatform().name("junction-dispatcher").daemon(true).start(this::run);
        renewer = Thread.ofPlatform().name("junction-lease-renewer").daemon(true).start(this::renewLeases);
    }

    /** New work may be due: look now instead of at the end of the current wait. */
    public void wakeUp() {
        synchronized (signal) {
            signalled = true;
            signal.notifyAll();
        }
    }

    private void run() {
        while (running) {
            try {
                pumpAll(); // a safety net: lanes are pumped as calls finish, this only costs a glance when they are empty
                int free = capacity.availablePermits();
                Set<String> skipped = skippedDestinations();
                int room = roomFor(free, skipped);
                if (room == 0) {
                    // No worker or no bulkhead slot free: nothing to ask the store until a delivery finishes. Whether
                    // the queue holds work is unknown, so the fast path stays as it was: a new event that finds no
                    // slot is queued (and wakes us), and the claim after the next finish sees it.
                    skippedSome = true;
                    waitForWork(true, skipped);
                    continue;
                }
                if (!caughtUp && room < claimBatch && free < settings.workers()) {
                    // Behind, with deliveries finishing all the time: let a few more finish and claim them in one
                    // transaction, rather than one claim (and, on SQLite, one fsync) per freed slot.
                    try {
                        Thread.sleep(COALESCE); // not on the signal: every finishing delivery would end the wait at once
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        running = false;
                        continue;
                    }
                    free = capacity.availablePermits();
                    skipped = skippedDestinations();
                    room = roomFor(free, skipped);
                    if (room == 0) continue;
                }
                List<ClaimedDelivery> claimed = store.claimDue(owner, clock.instant(), settings.lease(), room, skipped);
                counters.claimed(claimed.size());
                enqueue(claimed);
                boolean more = claimed.size() == room;
                caughtUp = !more;
                // Room limited only by bulkheads, with less due work than room, needs no wake-up per finish.
                skippedSome = !skipped.isEmpty();
                if (!more) waitForWork(false, skipped);
            } catch (StoreException e) {
                log.warn("dispatcher could not claim deliveries, retrying: {}", e.getMessage());
                pause(settings.pollInterval());
            } catch (RuntimeException e) {
                log.error("dispatcher loop failed, continuing", e);
                pause(settings.pollInterval());
            }
        }
    }

    /** The most the loop waits for more room before claiming while it is behind. */
    private static final Duration COALESCE = Duration.ofMillis(3);

    /**
     * Claim no more than the destinations can take now (free bulkhead slots plus lane space), and no more
     * than the free workers plus the lanes' space, so that claimed work waits at most in a lane.
     */
    private int roomFor(int free, Set<String> skipped) {
        if (guards.isEmpty()) return free;
        int room = 0;
        int laneSpace = 0;
        boolean any = false;
        for (Map.Entry<String, DestinationGuard> e : guards.entrySet()) {
            if (skipped.contains(e.getKey())) continue;
            any = true;
            int space = lanes.get(e.getKey()).space();
            room += e.getValue().room() + space;
            laneSpace += space;
        }
        // Every destination skipped: wait. Deliveries to destinations no longer configured are claimed
        // (and dead-lettered) whenever a configured destination has room.
        return any ? Math.min(room, free + laneSpace) : 0;
    }

    /** Claimed work joins its destination's lane and goes out as far as the guards allow. */
    private void enqueue(List<ClaimedDelivery> claimed) {
        Map<String, List<ClaimedDelivery>> byDestination = new LinkedHashMap<>();
        for (ClaimedDelivery d : claimed) {
            if (lanes.containsKey(d.destination())) {
                byDestination.computeIfAbsent(d.destination(), k -> new java.util.ArrayList<>()).add(d);
            } else {
                // No longer configured: no guard, no lane; it is recorded (and kept replayable) at once.
                capacity.acquireUninterruptibly();
                start(d);
            }
        }
        byDestination.forEach((destination, ds) -> {
            lanes.get(destination).addAll(ds);
            pump(destination);
        });
    }

    /**
     * Starts as many of the destination's waiting deliveries as its guard and the free workers allow.
     * An open breaker, a spent rate limit or a pause (as last read, at most a second old) gives the
     * waiting work back to the queue without spending an attempt; claims then skip the destination until
     * it can take calls (ADR 0005).
     */
    private void pump(String destination) {
        Lane lane = lanes.get(destination);
        DestinationGuard guard = guards.get(destination);
        List<ClaimedDelivery> giveBack = null;
        DestinationGuard.Admission refused = null;
        synchronized (lane) {
            if (running && paused.contains(destination)) giveBack = lane.drain();
            while (running && giveBack == null) {
                ClaimedDelivery next = lane.poll();
                if (next == null) return;
                if (!capacity.tryAcquire()) { // a finishing call releases one and pumps again
                    lane.putBack(next);
                    return;
                }
                refused = guard.admit();
                if (refused == DestinationGuard.Admission.GO) {
                    start(next);
                    continue;
                }
                capacity.release();
                lane.putBack(next);
                if (refused == DestinationGuard.Admission.BULKHEAD_FULL) return; // the call that finishes pumps again
                giveBack = lane.drain();
                break;
            }
            if (giveBack == null || giveBack.isEmpty()) return; // closing (close() gives the lanes back), or nothing waited
        }
        caughtUp = false; // it goes back to the queue: look again when the destination can take calls
        Instant now = clock.instant();
        Instant retryAt = now.plusMillis(200);
        for (ClaimedDelivery d : giveBack) {
            try {
                store.release(owner, d.id(), retryAt, now);
            } catch (StoreException e) {
                log.warn("could not give delivery {} back to the queue ({}); its lease expires instead: {}", d.id(),
                        refused == null ? "paused" : refused, e.getMessage());
            }
        }
    }

    /** Pumps every lane that has work waiting (after a worker or a bulkhead slot was freed). */
    private void pumpAll() {
        for (Map.Entry<String, Lane> e : lanes.entrySet()) {
            if (!e.getValue().isEmpty()) pump(e.getKey());
        }
    }

    /** Sends a delivery on a worker; the caller holds one capacity permit and (configured destinations) a guard admission for it. */
    private void start(ClaimedDelivery delivery) {
        try {
            submit(delivery);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // Closing: not sent, so its lease runs out and it is claimed again (at-least-once).
            capacity.release();
            DestinationGuard guard = guards.get(delivery.destination());
            if (guard != null) guard.cancel();
        }
    }

    private void submit(ClaimedDelivery delivery) {
        workers.submit(() -> {
            try {
                deliver(delivery);
            } finally {
                capacity.release();
                pumpAll(); // a worker is free: waiting work of any destination may go
                // Only if it matters: work may be waiting for this capacity, or for this key's turn.
                if (!caughtUp || skippedSome || delivery.orderingKey() != null) wakeUp();
            }
        });
    }

    /**
     * Called before an event is stored: leases to this node the deliveries it can take on right now
     * (caught up, the destination's breaker and rate limit allow calls, room in its lane, no ordering
     * key). Returns the deliveries, some with a {@link PlannedDelivery.Lease}; pass them to {@link
     * #afterStore} whatever happens.
     */
    @Override
    public List<PlannedDelivery> beforeStore(List<PlannedDelivery> planned) {
        if (!running || !caughtUp || planned.isEmpty()) return planned;
        List<PlannedDelivery> result = null;
        Instant until = clock.instant().plus(settings.lease());
        for (int i = 0; i < planned.size(); i++) {
            PlannedDelivery p = planned.get(i);
            DestinationGuard guard = guards.get(p.destination());
            if (p.orderingKey() != null || guard == null || !guard.mayCall() || paused.contains(p.destination())) continue;
            if (!lanes.get(p.destination()).reserve()) continue;
            if (result == null) result = new java.util.ArrayList<>(planned);
            result.set(i, p.withLease(new PlannedDelivery.Lease(owner, until)));
        }
        return result == null ? planned : result;
    }

    /**
     * Called after the store answered ({@code outcome}) or failed (null): what the store leased to this
     * node joins its lane and goes out, the reservations it did not use (duplicate, paused, failure) are
     * given back, and the loop is woken for the rest.
     */
    @Override
    public void afterStore(List<PlannedDelivery> planned, IngestOutcome outcome) {
        List<ClaimedDelivery> leased = outcome == null ? List.of() : outcome.leased();
        Map<String, java.util.ArrayDeque<ClaimedDelivery>> byDestination = new java.util.HashMap<>();
        for (ClaimedDelivery d : leased) byDestination.computeIfAbsent(d.destination(), k -> new java.util.ArrayDeque<>()).add(d);
        Set<String> touched = new HashSet<>();
        for (PlannedDelivery p : planned) {
            if (p.lease() == null) continue;
            java.util.ArrayDeque<ClaimedDelivery> stored = byDestination.get(p.destination());
            lanes.get(p.destination()).settle(stored == null ? null : stored.poll());
            touched.add(p.destination());
        }
        counters.leasedAtIngest(leased.size());
        if (outcome != null && !outcome.duplicate()) counters.queuedAtIngest(planned.size() - leased.size());
        for (String destination : touched) pump(destination);
        if (outcome != null && !outcome.duplicate() && leased.size() < planned.size()) wakeUp();
    }

    /** Every third of a lease, extends the leases of everything this node is sending. */
    private void renewLeases() {
        long every = settings.lease().toMillis() / 3;
        while (running) {
            try {
                Thread.sleep(every);
                Set<String> held = new HashSet<>(inFlight);
                for (Lane lane : lanes.values()) lane.addIdsTo(held); // waiting on this node is held like sending
                if (!held.isEmpty()) store.renewLeases(owner, held, clock.instant().plus(settings.lease()));
            } catch (InterruptedException e) {
                return;
            } catch (StoreException e) {
                log.warn("could not renew leases of {} deliveries: {}", inFlight.size(), e.getMessage());
            }
        }
    }

    /**
     * Destinations this node cannot take more work for now (breaker open, rate spent, bulkhead and lane
     * full, paused): their deliveries stay in the store, unclaimed. Skipping a paused destination here,
     * not only in the claim's filter, means a node whose destinations are all paused runs no claim at
     * all, instead of rescanning their held backlog on every new event.
     */
    private Set<String> skippedDestinations() {
        Set<String> held = pausedDestinations();
        Set<String> skipped = new HashSet<>();
        guards.forEach((name, guard) -> {
            if (held.contains(name) || !guard.mayCall() || guard.room() + lanes.get(name).space() == 0) skipped.add(name);
        });
        return skipped;
    }

    /** The paused destinations, read from the store at most once a second. */
    private Set<String> pausedDestinations() {
        long now = clock.millis();
        if (now >= pausedFreshUntil || now < pausedFreshUntil - PAUSES_FRESH_MILLIS) { // stale, or the clock went back
            try {
                Set<String> names = new HashSet<>();
                for (Pause p : store.pauses()) if (p.kind() == Pause.Kind.DESTINATION) names.add(p.name());
                paused = Set.copyOf(names);
                pausedFreshUntil = now + PAUSES_FRESH_MILLIS;
            } catch (StoreException e) {
                log.warn("could not read the paused destinations, using the last known: {}", e.getMessage());
            }
        }
        return paused;
    }

    /** Each destination's circuit breaker state (CLOSED, OPEN, HALF_OPEN or DISABLED) on this node. */
    public Map<String, String> breakerStates() {
        Map<String, String> states = new LinkedHashMap<>();
        guards.forEach((name, guard) -> states.put(name, guard.breakerState()));
        return states;
    }

    private void waitForWork(boolean full, Set<String> skipped) {
        long waitMillis = settings.pollInterval().toMillis();
        plannedWakeAt = Long.MAX_VALUE; // a retry recorded while we look wakes us: we might have missed it
        if (!full) {
            try {
                Instant next = store.nextDueAt(skipped).orElse(null);
                if (next != null) waitMillis = Math.min(waitMillis, Math.max(0, Duration.between(clock.instant(), next).toMillis()));
            } catch (StoreException e) {
                log.warn("dispatcher could not read the next due time: {}", e.getMessage());
            }
        }
        plannedWakeAt = clock.millis() + waitMillis;
        synchronized (signal) {
            if (!signalled && waitMillis > 0 && running) {
                try {
                    signal.wait(waitMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
            signalled = false;
        }
    }

    private void pause(Duration d) {
        synchronized (signal) {
            try {
                signal.wait(Math.max(1, d.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }

    private void deliver(ClaimedDelivery delivery) {
        // Every log line about this delivery carries its ids (JSON logs show them as fields).
        try (var d = org.slf4j.MDC.putCloseable("delivery_id", delivery.id());
             var m = org.slf4j.MDC.putCloseable("message_id", delivery.message().id());
             var t = org.slf4j.MDC.putCloseable("trace_id", delivery.message().traceId());
             var n = org.slf4j.MDC.putCloseable("destination", delivery.destination())) {
            deliverWithContext(delivery);
        }
    }

    private void deliverWithContext(ClaimedDelivery delivery) {
        DestinationSpec destination = destinations.get(delivery.destination());
        int attemptNumber = delivery.attemptsMade() + 1;
        Instant started = clock.instant();
        if (destination == null) {
            // Kept visible and replayable rather than silently dropped: the operator removed the destination.
            finish(delivery, AttemptJudge.judge(delivery.id(), attemptNumber, started, started,
                    SendResult.failure(new IllegalArgumentException("destination '" + delivery.destination() + "' is not configured")),
                    new RetrySchedule(dev.junction.core.retry.RetryPolicy.DEFAULT, java.util.random.RandomGenerator.getDefault())));
            return;
        }
        DestinationGuard guard = guards.get(delivery.destination()); // admitted by the pump
        SendResult result;
        inFlight.add(delivery.id());
        try {
            result = sender.send(delivery, destination); // returns failures as results, never throws
        } finally {
            inFlight.remove(delivery.id());
        }
        Instant finished = clock.instant();
        AttemptJudge.Verdict verdict = AttemptJudge.judge(delivery.id(), attemptNumber, started, finished, result,
                schedules.get(delivery.destination()), delivery.createdAt().plus(destination.guard().deadline()));
        guard.finish(verdict.attempt().outcome(), Duration.between(started, finished), result.error());
        pump(delivery.destination()); // the slot just freed: the next waiting delivery goes while this one is recorded
        metrics.attempted(delivery.destination(), verdict.attempt().outcome(), result.status(), Duration.between(started, finished));
        finish(delivery, verdict);
    }

    private void finish(ClaimedDelivery delivery, AttemptJudge.Verdict verdict) {
        try {
            boolean applied = store.complete(owner, verdict.attempt(), verdict.next(), clock.instant());
            if (!applied) {
                log.warn("lease on delivery {} was lost before its attempt {} was recorded", delivery.id(), verdict.attempt().number());
                return;
            }
            counters.count(verdict.next());
            // A retry due before the loop means to look again would otherwise wait for the poll.
            if (verdict.next() instanceof Completion.RetryAt r && r.at().toEpochMilli() < plannedWakeAt) wakeUp();
            if (verdict.next() instanceof Completion.Dead dead) {
                alerter.raise(new Alert(Alert.Kind.DELIVERY_DEAD, delivery.destination(), "delivery " + delivery.id()
                        + " of message " + delivery.message().id() + " is dead: " + dead.reason(), clock.instant()));
            }
            DestinationGuard guard = guards.get(delivery.destination());
            if (guard == null) return;
            Integer status = verdict.attempt().status();
            if (status != null && status == 410 && guard.markDisabled()) {
                disable(delivery.destination(), "the receiver answered 410 Gone");
            } else if (guard.shouldDisable()) {
                disable(delivery.destination(), "failing without a success for longer than disable-after");
            }
        } catch (StoreException e) {
            // The lease expires and the delivery is claimed again: at-least-once, never zero.
            log.warn("could not record attempt of delivery {}: {}", delivery.id(), e.getMessage());
        }
    }

    /** Pauses a destination on every node and tells the operator; resume it once the receiver is fixed. */
    private void disable(String destination, String why) {
        store.pause(Pause.Kind.DESTINATION, destination, "auto-disabled: " + why, clock.instant());
        pausedFreshUntil = 0; // read again at the next look
        alerter.raise(new Alert(Alert.Kind.DESTINATION_DISABLED, destination, "destination disabled (paused): " + why
                + "; deliveries wait until it is resumed", clock.instant()));
    }

    /** Stops claiming and waits up to {@code grace} for deliveries in flight to finish. */
    public void close(Duration grace) {
        running = false;
        wakeUp();
        if (renewer != null) renewer.interrupt();
        if (loop != null) {
            try {
                loop.join(grace.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // Work waiting in lanes was never sent: back to the queue now, for another node or the next start,
        // rather than after its lease. If the store cannot be reached, the lease runs out instead.
        Instant now = clock.instant();
        for (Lane lane : lanes.values()) {
            List<ClaimedDelivery> waiting;
            synchronized (lane) {
                waiting = lane.drain();
            }
            for (ClaimedDelivery d : waiting) {
                try {
                    store.release(owner, d.id(), now, now);
                } catch (StoreException e) {
                    log.warn("could not give delivery {} back to the queue on close; its lease expires instead: {}", d.id(), e.getMessage());
                }
            }
        }
        workers.shutdown();
        try {
            if (!workers.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) workers.shutdownNow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            workers.shutdownNow();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
