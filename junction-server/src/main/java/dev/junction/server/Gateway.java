package dev.junction.server;

import dev.junction.core.config.SourceSpec;
import dev.junction.engine.Pipeline;
import dev.junction.engine.deliver.DispatcherSettings;
import dev.junction.engine.alert.Alerter;
import dev.junction.engine.observe.PipelineMetrics;
import dev.junction.engine.observe.TimedStore;
import dev.junction.engine.retention.Retention;
import dev.junction.engine.synthetic.HttpDoor;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import dev.junction.server.config.JunctionConfig;
import dev.junction.server.config.WrittenConfig;
import dev.junction.server.check.Audit;
import dev.junction.server.auth.ApiKeyAuthenticator;
import dev.junction.server.http.GatewayServer;
import dev.junction.store.Store;
import dev.junction.store.jdbc.Stores;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running gateway: store, pipeline and HTTP server built from one configuration. */
public final class Gateway implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Gateway.class);

    private final Pipeline pipeline;
    private final GatewayServer server;
    private final RuntimeMetrics runtime;

    private Gateway(Pipeline pipeline, GatewayServer server, RuntimeMetrics runtime) {
        this.pipeline = pipeline;
        this.server = server;
        this.runtime = runtime;
    }

    /** Starts a gateway whose keys and switches come from the process environment. */
    public static Gateway start(JunctionConfig config, Clock clock) {
        return start(config, clock, System.getenv());
    }

    /**
     * Starts a gateway. {@code env} is read for {@code JUNCTION_ADMIN_KEY} (a bootstrap admin key),
     * {@code JUNCTION_METRICS_REQUIRE_KEY=true} (put /metrics behind a key) and {@code JUNCTION_PORTAL_KEY} (signs
     * consumer portal links; without it a key is generated and kept in the store); never the config file.
     */
    public static Gateway start(JunctionConfig config, Clock clock, Map<String, String> env) {
        return start(config, Audit.unwritten(config), clock, env);
    }

    /** As {@link #start(JunctionConfig, Clock, Map)}, for a config read from its file: the admin API locates each checklist finding in it. */
    public static Gateway start(WrittenConfig written, Clock clock, Map<String, String> env) {
        return start(written.config(), Audit.of(written), clock, env);
    }

    private static Gateway start(JunctionConfig config, Audit audit, Clock clock, Map<String, String> env) {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        RuntimeMetrics runtime = RuntimeMetrics.bindTo(prometheus);
        String nodeId = "node-" + ProcessHandle.current().pid() + "-" + Long.toHexString(System.nanoTime() & 0xffffff);
        Store store;
        try {
            // Named after the node, so an operator (or a test) can find this node's PostgreSQL connections in pg_stat_activity.
            store = TimedStore.wrap(Stores.open(config.store().url(), config.store().user(), config.store().password(),
                    "junction-" + nodeId, new MicrometerMetricsTrackerFactory(prometheus)), prometheus);
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
        JunctionConfig.Delivery d = config.delivery();
        Duration lease = d.lease() != null ? d.lease() : Pipeline.defaultLease(config.destinations());
        Pipeline pipeline = new Pipeline(store, config.sources(), config.destinations(), config.routes(), config.syncs(),
                new DispatcherSettings(d.workers(), d.pollInterval(), lease), clock, nodeId,
                new Retention(store, clock, config.retention().succeeded(), config.retention().interval(), config.retention().batchSize()),
                config.alerts() == null ? Alerter.logOnly(clock) : Alerter.toWebhook(config.alerts().url(), clock, config.alerts().minInterval()));
        pipeline.limitBacklog(d.maxBacklog());
        pipeline.outboundPolicy(config.outbound().addressPolicy());
        pipeline.operationalWebhooks(config.outbound().operational());
        pipeline.endpoints().disableAfter(config.outbound().disableAfter());
        pipeline.metrics(new PipelineMetrics(prometheus));
        long maxBody = config.sources().values().stream().mapToLong(SourceSpec::maxBodyBytes).max()
                .orElse(SourceSpec.DEFAULT_MAX_BODY_BYTES);
        GatewayServer server;
        try {
            ApiKeyAuthenticator keys = ApiKeyAuthenticator.fromEnvironment(store, clock, env);
            if (!keys.anyKeyExists()) {
                log.warn("no API key exists: the admin API refuses every request until one is created with "
                        + "'junction keys create NAME --role admin --config ...' (or JUNCTION_ADMIN_KEY is set)");
            }
            GatewayServer.Access access = new GatewayServer.Access(keys,
                    Boolean.parseBoolean(env.getOrDefault("JUNCTION_METRICS_REQUIRE_KEY", "false")), env.get("JUNCTION_PORTAL_KEY"));
            server = new GatewayServer(pipeline, clock, config.server().host(), config.server().port(), maxBody, prometheus, access, config.outbound(),
                    audit).start();
        } catch (RuntimeException e) {
            pipeline.close();
            runtime.close();
            throw e;
        }
        // A canary goes in as a provider's request would: over a socket, to this node's own listener.
        String host = config.server().host();
        String local = host.equals("0.0.0.0") || host.equals("::") || host.isBlank() ? "127.0.0.1" : host.contains(":") ? "[" + host + "]" : host;
        int port = server.port();
        pipeline.synthetics(config.synthetics(), () -> new HttpDoor(() -> java.net.URI.create("http://" + local + ":" + port)));
        pipeline.start();
        log.info("junction {} listening on {}:{} with {} source(s), {} destination(s), store {}", nodeId,
                config.server().host(), server.port(), config.sources().size(), config.destinations().size(),
                config.store().url().startsWith("jdbc:postgresql") ? "postgresql" : "sqlite");
        return new Gateway(pipeline, server, runtime);
    }

    public int port() { return server.port(); }
    public java.util.List<GatewayServer.Route> routes() { return server.routes(); }
    public Pipeline pipeline() { return pipeline; }

    /** Stops taking requests first, then lets deliveries in flight finish, then closes the store. */
    @Override
    public void close() {
        long started = System.nanoTime();
        log.info("junction stopping: no new requests; calls in flight may finish, waiting work and poll leases are handed back");
        server.close();
        pipeline.close();
        runtime.close();
        log.info("junction stopped in {} ms", java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }
}
