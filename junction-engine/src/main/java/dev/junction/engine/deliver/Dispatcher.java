package dev.junction.engine.deliver;

import dev.junction.core.config.DestinationSpec;
import dev.junction.engine.alert.Alert;
import dev.junction.engine.alert.Alerter;
import dev.junction.engine.append.Appender;
import dev.junction.engine.observe.PipelineMetrics;
import dev.junction.store.DeliveryQueue;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * Delivers: claims due deliveries from the queue and sends each on a virtual thread, at most {@code
 * workers} at once, through its destination's guard. The work is done by named parts, each small enough
 * to read alone:
 * <ul>
 *   <li>{@link ClaimLoop}: one look at the queue per step, as much as there is room for;</li>
 *   <li>{@link Waiter}: sleeping until the next delivery is due, and what is worth waking for;</li>
 *   <li>{@link Lanes}: leased work waiting for its destination's bulkhead, started as calls finish (ADR 0009);</li>
 *   <li>{@link IngestLeases}: the ingest fast path, leasing new events' deliveries as they are stored (ADR 0007);</li>
 *   <li>{@link LeaseRenewer}: keeping the leases of work in flight and in lanes;</li>
 *   <li>{@link DeliveryRun}: one attempt, from send to record;</li>
 *   <li>{@link PauseCache}: the paused destinations, read at most once a second.</li>
 * </ul>
 */
public final class Dispatcher implements AutoCloseable {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Dispatcher.class);

    /** Outbound endpoints' names start with this; their metrics go under one label. */
    public static final String ENDPOINT_PREFIX = "ep_";

    private final DestinationRegistry destinations;
    private final ExecutorService workers;
    private final ScheduledExecutorService renewals = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("junction-lease-renewer").daemon(true).factory());
    private final DeliveryCounters counters = new DeliveryCounters();
    private final Waiter waiter;
    private final Lanes lanes;
    private final LeaseRenewer renewer;
    private final ClaimLoop loop;
    private final IngestLeases ingestLeases;
    private final DeliveryRun run;
    private volatile PipelineMetrics metrics = PipelineMetrics.inMemory();
    private Thread loopThread;

    public Dispatcher(DeliveryQueue queue, Map<String, DestinationSpec> destinations, Sender sender, Clock clock,
                      RandomGenerator random, DispatcherSettings settings, String owner) {
        this(queue, destinations, sender, clock, random, settings, owner, Alerter.logOnly(clock));
    }

    public Dispatcher(DeliveryQueue queue, Map<String, DestinationSpec> destinations, Sender sender, Clock clock,
                      RandomGenerator random, DispatcherSettings settings, String owner, Alerter alerter) {
        this(queue, destinations, sender, clock, random, settings, owner, alerter, Executors.newVirtualThreadPerTaskExecutor());
    }

    /** @param workers runs each delivery; tests pass one they drain by hand */
    Dispatcher(DeliveryQueue queue, Map<String, DestinationSpec> specs, Sender sender, Clock clock, RandomGenerator random,
               DispatcherSettings settings, String owner, Alerter alerter, ExecutorService workers) {
        this(queue, specs, null, sender, clock, random, settings, owner, alerter, workers);
    }

    /**
     * @param endpoints an outbound endpoint's destination by name (empty: no such endpoint), or null when this
     *                  node sends to configured destinations only
     * @param workers   runs each delivery; tests pass one they drain by hand
     */
    public Dispatcher(DeliveryQueue queue, Map<String, DestinationSpec> specs, Function<String, Optional<DestinationSpec>> endpoints,
                      Sender sender, Clock clock, RandomGenerator random, DispatcherSettings settings, String owner, Alerter alerter,
                      ExecutorService workers) {
        this.workers = workers;
        Function<String, Consumer<String>> breakerListener = name -> to -> {
            if (!name.startsWith(ENDPOINT_PREFIX)) metrics.breakerTransition(name, to);
            if (to.equals("OPEN")) {
                alerter.raise(new Alert(Alert.Kind.BREAKER_OPENED, name, "circuit breaker opened: deliveries wait until it closes",
                        clock.instant()));
            }
        };
        Map<String, DestinationRuntime> configured = new LinkedHashMap<>();
        specs.forEach((name, spec) -> configured.put(name, DestinationRuntime.of(name, spec, random, clock, settings.workers(),
                breakerListener.apply(name))));
        this.destinations = new DestinationRegistry(configured, endpoints, random, clock, settings.workers(), breakerListener);
        PauseCache pauses = new PauseCache(queue, clock);
        this.waiter = new Waiter(queue, clock, settings.pollInterval());
        Set<String> sending = ConcurrentHashMap.newKeySet();
        this.run = new DeliveryRun(sender, queue, owner, clock, random, waiter, pauses, sending, counters, alerter, () -> metrics);
        this.lanes = new Lanes(destinations, settings.workers(), workers, run, waiter, pauses, queue, owner, clock);
        this.renewer = new LeaseRenewer(queue, owner, clock, settings.lease(), sending, lanes::addWaitingIdsTo);
        int capacity = destinations.configured().stream().mapToInt(d -> d.guard().capacity()).sum()
                + (endpoints == null ? 0 : settings.workers());
        this.loop = new ClaimLoop(queue, lanes, waiter, pauses, counters, owner, clock, settings, capacity);
        this.ingestLeases = new IngestLeases(lanes, waiter, pauses, counters, owner, clock, settings.lease());
    }

    public void metrics(PipelineMetrics metrics) {
        this.metrics = metrics;
        metrics.dispatch(counters::leasedAtIngest, counters::claimed, counters::claims);
    }

    public DeliveryCounters counters() {
        return counters;
    }

    /** What ingest tells the delivery side, so new events' deliveries can skip the queue (ADR 0007). */
    public Appender.Handoff ingestLeases() {
        return ingestLeases;
    }

    public synchronized void start() {
        if (loopThread != null) return;
        lanes.open();
        loopThread = Thread.ofPlatform().name("junction-dispatcher").daemon(true).start(loop);
        long every = renewer.every().toMillis();
        renewals.scheduleWithFixedDelay(renewer, every, every, TimeUnit.MILLISECONDS);
    }

    /** Opens the lanes without starting the loop's thread: tests then call {@link #loop()}'s step. */
    void openForSteps() {
        lanes.open();
    }

    ClaimLoop loop() {
        return loop;
    }

    Waiter waiter() {
        return waiter;
    }

    LeaseRenewer renewer() {
        return renewer;
    }

    /** Who hears that an endpoint's delivery died or an endpoint was disabled (operational webhooks). */
    public void operationalEvents(OperationalEvents events) {
        run.operational(events);
    }

    /** An application exists (outbound webhooks): claims leave room for endpoints' work from now on. */
    public void outboundInUse() {
        destinations.endpointsInUse();
        waiter.wakeUp();
    }

    /** Outbound endpoints this node holds a guard and a lane for now (the rest are idle and cost nothing). */
    public int activeEndpoints() {
        return destinations.activeEndpointCount();
    }

    /** New work may be due: look now instead of at the end of the current wait. */
    public void wakeUp() {
        waiter.wakeUp();
    }

    /** Each destination's circuit breaker state (CLOSED, OPEN, HALF_OPEN or DISABLED) on this node. */
    public Map<String, String> breakerStates() {
        Map<String, String> states = new LinkedHashMap<>();
        for (DestinationRuntime d : destinations.all()) states.put(d.name(), d.guard().breakerState());
        return states;
    }

    /**
     * Stops claiming, gives the work waiting in lanes back to the queue (never sent: another node or the next
     * start takes it at once rather than after its lease), and waits up to {@code grace} for calls in flight.
     */
    public void close(Duration grace) {
        run.stopping();
        loop.stop();
        waiter.wakeUp();
        renewals.shutdownNow();
        if (loopThread != null) {
            try {
                loopThread.join(grace.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        lanes.close();
        workers.shutdown();
        boolean finished;
        try {
            finished = workers.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finished = false;
        }
        if (!finished) {
            log.info("calls still in flight after {} s were cut off by the stop; their deliveries go out again once their leases run out",
                    grace.toSeconds());
            workers.shutdownNow();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
