package dev.junction.server;

import dev.junction.core.config.SourceSpec;
import dev.junction.engine.Pipeline;
import dev.junction.engine.deliver.DispatcherSettings;
import dev.junction.engine.alert.Alerter;
import dev.junction.engine.observe.PipelineMetrics;
import dev.junction.engine.observe.TimedStore;
import dev.junction.engine.retention.Retention;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import dev.junction.server.config.JunctionConfig;
import dev.junction.server.http.GatewayServer;
import dev.junction.store.Store;
import dev.junction.store.jdbc.Stores;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running gateway: store, pipeline and HTTP server built from one configuration. */
public final class Gateway implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Gateway.class);

    private final Pipeline pipeline;
    private final GatewayServer server;

    private Gateway(Pipeline pipeline, GatewayServer server) {
        this.pipeline = pipeline;
        this.server = server;
    }

    public static Gateway start(JunctionConfig config, Clock clock) {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Store store = TimedStore.wrap(Stores.open(config.store().url(), config.store().user(), config.store().password()), prometheus);
        JunctionConfig.Delivery d = config.delivery();
        Duration lease = d.lease() != null ? d.lease() : Pipeline.defaultLease(config.destinations());
        String nodeId = "node-" + ProcessHandle.current().pid() + "-" + Long.toHexString(System.nanoTime() & 0xffffff);
        Pipeline pipeline = new Pipeline(store, config.sources(), config.destinations(), config.routes(),
                new DispatcherSettings(d.workers(), d.pollInterval(), lease), clock, nodeId,
                new Retention(store, clock, config.retention().succeeded(), config.retention().interval(), config.retention().batchSize()),
                config.alerts() == null ? Alerter.logOnly(clock) : Alerter.toWebhook(config.alerts().url(), clock, config.alerts().minInterval()));
        pipeline.limitBacklog(d.maxBacklog());
        pipeline.metrics(new PipelineMetrics(prometheus));
        long maxBody = config.sources().values().stream().mapToLong(SourceSpec::maxBodyBytes).max()
                .orElse(SourceSpec.DEFAULT_MAX_BODY_BYTES);
        GatewayServer server;
        try {
            server = new GatewayServer(pipeline, clock, config.server().host(), config.server().port(), maxBody, prometheus).start();
        } catch (RuntimeException e) {
            pipeline.close();
            throw e;
        }
        pipeline.start();
        log.info("junction {} listening on {}:{} with {} source(s), {} destination(s), store {}", nodeId,
                config.server().host(), server.port(), config.sources().size(), config.destinations().size(),
                config.store().url().startsWith("jdbc:postgresql") ? "postgresql" : "sqlite");
        return new Gateway(pipeline, server);
    }

    public int port() { return server.port(); }
    public Pipeline pipeline() { return pipeline; }

    /** Stops taking requests first, then lets deliveries in flight finish, then closes the store. */
    @Override
    public void close() {
        server.close();
        pipeline.close();
    }
}
