package dev.junction.engine.deliver;

import dev.junction.core.config.DestinationSpec;
import dev.junction.core.retry.RetrySchedule;
import dev.junction.engine.alert.Alert;
import dev.junction.engine.alert.Alerter;
import dev.junction.store.ClaimedDelivery;
import dev.junction.store.Pause;
import dev.junction.store.Completion;
import dev.junction.store.Store;
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
 */
public final class Dispatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final Store store;
    private final Map<String, DestinationSpec> destinations;
    private final Map<String, RetrySchedule> schedules = new LinkedHashMap<>();
    private final Map<String, DestinationGuard> guards = new LinkedHashMap<>();
    private final HttpSender sender;
    private final Clock clock;
    private final DispatcherSettings settings;
    private final String owner;
    private final Semaphore capacity;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final Object signal = new Object();
    private final DeliveryCounters counters = new DeliveryCounters();
    private final Set<String> inFlight = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private boolean signalled;
    private Thread renewer;
    private volatile boolean running;
    private Thread loop;

    private final Alerter alerter;
    private volatile dev.junction.engine.observe.PipelineMetrics metrics = dev.junction.engine.observe.PipelineMetrics.inMemory();

    public void metrics(dev.junction.engine.observe.PipelineMetrics metrics) {
        this.metrics = metrics;
    }

    public Dispatcher(Store store, Map<String, DestinationSpec> destinations, HttpSender sender, Clock clock,
                      RandomGenerator random, DispatcherSettings settings, String owner) {
        this(store, destinations, sender, clock, random, settings, owner, Alerter.logOnly(clock));
    }

    public Dispatcher(Store store, Map<String, DestinationSpec> destinations, HttpSender sender, Clock clock,
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
                int free = capacity.availablePermits();
                Set<String> skipped = skippedDestinations();
                List<ClaimedDelivery> claimed = free == 0 ? List.of()
                        : store.claimDue(owner, clock.instant(), settings.lease(), free, skipped);
                for (ClaimedDelivery delivery : claimed) {
                    capacity.acquireUninterruptibly();
                    workers.submit(() -> {
                        try {
                            deliver(delivery);
                        } finally {
                            capacity.release();
                            wakeUp();
                        }
                    });
                }
                if (claimed.size() < free || free == 0) waitForWork(free == 0, skipped);
            } catch (StoreException e) {
                log.warn("dispatcher could not claim deliveries, retrying: {}", e.getMessage());
                pause(settings.pollInterval());
            } catch (RuntimeException e) {
                log.error("dispatcher loop failed, continuing", e);
                pause(settings.pollInterval());
            }
        }
    }

    /** Every third of a lease, extends the leases of everything this node is sending. */
    private void renewLeases() {
        long every = settings.lease().toMillis() / 3;
        while (running) {
            try {
                Thread.sleep(every);
                if (!inFlight.isEmpty()) store.renewLeases(owner, Set.copyOf(inFlight), clock.instant().plus(settings.lease()));
            } catch (InterruptedException e) {
                return;
            } catch (StoreException e) {
                log.warn("could not renew leases of {} deliveries: {}", inFlight.size(), e.getMessage());
            }
        }
    }

    /** Destinations this node cannot send to now: their deliveries stay in the store, unclaimed. */
    private Set<String> skippedDestinations() {
        Set<String> skipped = new HashSet<>();
        guards.forEach((name, guard) -> {
            if (!guard.mayClaim()) skipped.add(name);
        });
        return skipped;
    }

    /** Each destination's circuit breaker state (CLOSED, OPEN, HALF_OPEN or DISABLED) on this node. */
    public Map<String, String> breakerStates() {
        Map<String, String> states = new LinkedHashMap<>();
        guards.forEach((name, guard) -> states.put(name, guard.breakerState()));
        return states;
    }

    private void waitForWork(boolean full, Set<String> skipped) {
        long waitMillis = settings.pollInterval().toMillis();
        if (!full) {
            try {
                Instant next = store.nextDueAt(skipped).orElse(null);
                if (next != null) waitMillis = Math.min(waitMillis, Math.max(0, Duration.between(clock.instant(), next).toMillis()));
            } catch (StoreException e) {
                log.warn("dispatcher could not read the next due time: {}", e.getMessage());
            }
        }
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
        DestinationGuard guard = guards.get(delivery.destination());
        DestinationGuard.Admission admission = guard.admit();
        if (admission != DestinationGuard.Admission.GO) {
            // Not sent, so no attempt is spent: back to PENDING, and the destination is skipped by claims until it can take calls.
            Instant retryAt = admission == DestinationGuard.Admission.BULKHEAD_FULL ? started : started.plusMillis(200);
            try {
                store.release(owner, delivery.id(), retryAt, started);
            } catch (StoreException e) {
                log.warn("could not release delivery {}: {}", delivery.id(), e.getMessage());
            }
            return;
        }
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
