package dev.junction.engine;

import dev.junction.core.config.DestinationSpec;
import dev.junction.core.config.PollSpec;
import dev.junction.core.config.RouteSpec;
import dev.junction.core.config.SourceSpec;
import dev.junction.core.config.SyncSpec;
import dev.junction.core.model.Ids;
import dev.junction.core.net.AddressPolicy;
import dev.junction.engine.alert.Alerter;
import dev.junction.engine.append.Appender;
import dev.junction.engine.deliver.Dispatcher;
import dev.junction.engine.deliver.DispatcherSettings;
import dev.junction.engine.deliver.HttpSender;
import dev.junction.engine.deliver.Sender;
import dev.junction.engine.outbound.EndpointDirectory;
import dev.junction.engine.outbound.EndpointStatus;
import dev.junction.engine.outbound.OperationalWebhooks;
import dev.junction.engine.outbound.Publisher;
import dev.junction.engine.poll.PollMetrics;
import dev.junction.engine.poll.PollScheduler;
import dev.junction.engine.poll.Poller;
import dev.junction.engine.deliver.Senders;
import dev.junction.engine.deliver.TransformingSender;
import dev.junction.engine.transform.Transforms;
import dev.junction.engine.ingest.Ingestor;
import dev.junction.engine.retention.Retention;
import dev.junction.engine.sync.SyncMetrics;
import dev.junction.engine.sync.ReconcileScheduler;
import dev.junction.engine.sync.Reconciler;
import dev.junction.engine.sync.SyncSender;
import dev.junction.engine.route.Router;
import dev.junction.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/** The whole durable pipeline on one store: ingest, route, deliver. */
public final class Pipeline implements AutoCloseable {

    private final Store store;
    private final Appender appender;
    private final EndpointDirectory endpoints;
    private final Publisher publisher;
    /** What outbound endpoints may connect to: their URLs come from outside (SSRF). */
    private volatile AddressPolicy outboundPolicy = AddressPolicy.ofDefaults();
    private final Ingestor ingestor;
    private final Dispatcher dispatcher;
    private final Sender sender;
    /** The syncs' sender in front of the others, or null without syncs. */
    private final SyncSender syncSender;
    private final Map<String, SyncSpec> syncs;
    private final Reconciler reconciler;
    private final ReconcileScheduler reconcileScheduler;
    private final Retention retention;
    private final Alerter alerter;
    private final Clock clock;
    private final Map<String, SourceSpec> sources;
    private final Map<String, DestinationSpec> destinations;
    private final List<RouteSpec> routes;
    private final EndpointStatus endpointStatus;
    private final Poller poller;
    private final PollScheduler pollScheduler;
    private final String nodeId;
    /** The synthetic probes, once {@link #synthetics} set them (they need the door, known once the server listens). */
    private volatile dev.junction.engine.synthetic.SyntheticScheduler synthetics;
    private dev.junction.engine.observe.PipelineMetrics metrics;
    private AutoCloseable subscription;
    private Thread backlogGauge;

    public Pipeline(Store store, Map<String, SourceSpec> sources, Map<String, DestinationSpec> destinations,
                    List<RouteSpec> routes, DispatcherSettings settings, Clock clock, String nodeId, Retention retention) {
        this(store, sources, destinations, routes, settings, clock, nodeId, retention, Alerter.logOnly(clock));
    }

    public Pipeline(Store store, Map<String, SourceSpec> sources, Map<String, DestinationSpec> destinations,
                    List<RouteSpec> routes, DispatcherSettings settings, Clock clock, String nodeId, Retention retention,
                    Alerter alerter) {
        this(store, sources, destinations, routes, Map.of(), settings, clock, nodeId, retention, alerter);
    }

    /** @param syncs two-way syncs; their internal destinations and routes are among {@code destinations} and {@code routes} */
    public Pipeline(Store store, Map<String, SourceSpec> sources, Map<String, DestinationSpec> destinations,
                    List<RouteSpec> routes, Map<String, SyncSpec> syncs, DispatcherSettings settings, Clock clock, String nodeId,
                    Retention retention, Alerter alerter) {
        this.store = store;
        this.nodeId = nodeId;
        this.syncs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(syncs));
        this.alerter = alerter;
        this.clock = clock;
        this.sources = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(sources));
        this.destinations = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(destinations));
        this.routes = List.copyOf(routes);
        this.retention = retention;
        this.endpoints = new EndpointDirectory(store, clock);
        Ids ids = Ids.seeded(clock);
        Sender kinds = new TransformingSender(Senders.forDestinations(destinations.values(), clock)
                .withEndpoints(() -> new HttpSender(clock, outboundPolicy)), Transforms.of(routes, destinations));
        this.syncSender = syncs.isEmpty() ? null : new SyncSender(syncs, store, kinds, clock, ids, this::wakeDispatcher);
        this.sender = syncSender == null ? kinds : syncSender;
        this.dispatcher = new Dispatcher(store, destinations, endpoints, sender, clock, new java.util.Random(), settings, nodeId, alerter,
                java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        if (!store.apps(null, 1).isEmpty()) dispatcher.outboundInUse();
        this.appender = new Appender(store, new Router(routes), clock, ids, dispatcher.ingestLeases());
        this.ingestor = new Ingestor(sources, appender, clock);
        this.publisher = new Publisher(store, appender, ids);
        this.endpointStatus = new EndpointStatus(store, store, endpoints, dispatcher, clock);
        dispatcher.operationalEvents(endpointStatus);
        Map<String, PollSpec> polls = new java.util.LinkedHashMap<>();
        Map<String, dev.junction.core.config.IcalSpec> icals = new java.util.LinkedHashMap<>();
        sources.forEach((name, spec) -> {
            if (spec.poll() != null) polls.put(name, spec.poll());
            if (spec.ical() != null) icals.put(name, spec.ical());
        });
        // One client for the polls and the syncs, and none when the config has neither: building one starts its
        // selector thread and loads the JDK's TLS context (its trust store) before the first event can be answered.
        java.net.http.HttpClient fetches = polls.isEmpty() && icals.isEmpty() && syncs.isEmpty() ? null
                : java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        // One lease length per node: a polled source's lease is as long as a delivery's.
        this.poller = new Poller(polls, icals, store, appender, fetches, clock, ids, nodeId, settings.lease());
        this.pollScheduler = new PollScheduler(poller, clock, new java.util.Random(), java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        this.reconciler = new Reconciler(syncs, sources, destinations, store, fetches, clock, ids, nodeId, settings.lease(), this::wakeDispatcher);
        this.reconcileScheduler = new ReconcileScheduler(reconciler, clock);
    }

    /** New deliveries were appended outside ingest (a sync step's writes): look for them now. */
    private void wakeDispatcher() {
        dispatcher.wakeUp();
    }

    /** The default lease: the longest destination timeout plus 30 s of margin for recording the attempt. */
    public static Duration defaultLease(Map<String, DestinationSpec> destinations) {
        Duration longest = destinations.values().stream().map(DestinationSpec::timeout).max(Duration::compareTo)
                .orElse(DestinationSpec.DEFAULT_TIMEOUT);
        return longest.plusSeconds(30);
    }

    public Pipeline start() {
        dev.junction.engine.deliver.RemovedDestinations.warn(store, destinations.keySet(), clock.instant());
        dev.junction.engine.deliver.RemovedDestinations.warnPausedSources(store, sources.keySet());
        dispatcher.start();
        // Other nodes' new work and replays wake this dispatcher at once (PostgreSQL LISTEN/NOTIFY).
        subscription = store.subscribe(dispatcher::wakeUp);
        if (retention != null) retention.start();
        alerter.start();
        pollScheduler.start();
        reconcileScheduler.start();
        if (synthetics != null) synthetics.start();
        return this;
    }

    /**
     * Refuses ingest with 503 while more than {@code maxBacklog} deliveries wait. The count is refreshed
     * twice a second in the background, so a request never waits on it.
     */
    public void limitBacklog(long maxBacklog) {
        if (maxBacklog <= 0) return;
        java.util.concurrent.atomic.AtomicLong pending = new java.util.concurrent.atomic.AtomicLong(store.pendingCount());
        backlogGauge = Thread.ofPlatform().name("junction-backlog").daemon(true).start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(500);
                    pending.set(store.pendingCount());
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    // keep the last figure; the store's own errors surface on ingest
                }
            }
        });
        appender.limitBacklog(maxBacklog, pending::get);
    }

    /** Records the pipeline's metrics in {@code metrics} (the default is an unexposed in-memory registry). */
    public void metrics(dev.junction.engine.observe.PipelineMetrics metrics) {
        this.metrics = metrics;
        metrics.declare(sources.keySet(), destinations.keySet());
        ingestor.metrics(metrics);
        appender.metrics(metrics);
        dispatcher.metrics(metrics);
        metrics.watch(store, dispatcher::breakerStates, clock);
        publisher.metrics(metrics.registry());
        SyncMetrics syncMetrics = new SyncMetrics(metrics.registry());
        syncMetrics.declare(syncs.values());
        if (syncSender != null) syncSender.metrics(syncMetrics);
        reconciler.metrics(syncMetrics);
        poller.listener(new PollMetrics(metrics.registry(), poller.sources(), poller.icals(), store, clock));
    }

    public Store store() { return store; }
    /** The configured sources, destinations and routes, in configuration order. */
    public Map<String, SourceSpec> sources() { return sources; }
    public Map<String, DestinationSpec> destinations() { return destinations; }
    public List<RouteSpec> routes() { return routes; }
    public Ingestor ingestor() { return ingestor; }
    /** Sets what outbound endpoints may be and connect to (before the first delivery to one). */
    public void outboundPolicy(AddressPolicy policy) {
        this.outboundPolicy = policy;
    }

    /** Sends operational webhooks (message.dead, endpoint.disabled) to this configured destination. */
    public void operationalWebhooks(String destination) {
        if (destination != null) endpointStatus.tell(new OperationalWebhooks(appender, destination, clock));
    }

    public AddressPolicy outboundPolicy() { return outboundPolicy; }

    /** The publish door of outbound webhooks. */
    public Publisher publisher() { return publisher; }
    /** Outbound endpoints as the dispatcher sees them; tell it when one changes. */
    public EndpointDirectory endpoints() { return endpoints; }
    /** Enables and disables outbound endpoints (by the API, or by Junction when one fails for too long). */
    public EndpointStatus endpointStatus() { return endpointStatus; }
    /** The one door into the log, which every way in appends through. */
    public Appender appender() { return appender; }
    public Dispatcher dispatcher() { return dispatcher; }
    /** What the syncs counted (changes by outcome, writes by kind); empty without syncs. */
    public java.util.Optional<SyncMetrics> syncMetrics() { return java.util.Optional.ofNullable(syncSender).map(SyncSender::metrics); }
    /** Decides sync review items (the admin API); empty without syncs. */
    public java.util.Optional<dev.junction.engine.sync.ReviewDecisions> syncDecisions() {
        return java.util.Optional.ofNullable(syncSender).map(SyncSender::decisions);
    }
    /** The two-way syncs, in configuration order. */
    public Map<String, SyncSpec> syncs() { return syncs; }
    /** Reconciles syncs now (the admin API, the CLI). */
    public Reconciler reconciler() { return reconciler; }
    /** Runs polls now (the admin API, the CLI); its sources are the polled ones. */
    public Poller poller() { return poller; }

    /**
     * Runs synthetic probes (before {@link #start}): each sends its canary through the door {@code door} makes, its
     * source's own webhook door, and measures it to the last destination's 2xx. Without probes no door is made (an
     * HTTP door's client costs start-up time and a thread).
     */
    public void synthetics(Map<String, dev.junction.core.config.SyntheticSpec> probes,
                           java.util.function.Supplier<dev.junction.engine.synthetic.Door> door) {
        if (probes.isEmpty()) return;
        java.security.SecureRandom random = new java.security.SecureRandom();
        var scheduler = new dev.junction.engine.synthetic.SyntheticScheduler(probes, sources, store, store, door.get(), clock, nodeId, alerter,
                () -> "syn_" + java.util.HexFormat.of().toHexDigits(random.nextLong()) + java.util.HexFormat.of().toHexDigits(random.nextLong()));
        if (metrics != null) scheduler.metrics(new dev.junction.engine.synthetic.SyntheticMetrics(metrics.registry(), probes.keySet(), store, clock));
        this.synthetics = scheduler;
    }

    /** The synthetic probes' scheduler; empty without probes. */
    public java.util.Optional<dev.junction.engine.synthetic.SyntheticScheduler> synthetics() {
        return java.util.Optional.ofNullable(synthetics);
    }

    @Override
    public void close() {
        if (synthetics != null) synthetics.close();
        reconcileScheduler.close();
        pollScheduler.close();
        if (retention != null) retention.close();
        alerter.close();
        if (backlogGauge != null) backlogGauge.interrupt();
        if (subscription != null) {
            try {
                subscription.close();
            } catch (Exception ignored) {
                // shutting down anyway
            }
        }
        dispatcher.close();
        sender.close();
        store.close();
    }
}
