package dev.junction.server.config;

import dev.junction.core.config.DestinationSpec;
import dev.junction.core.config.OutboundSpec;
import dev.junction.core.config.RouteSpec;
import dev.junction.core.config.SourceSpec;
import dev.junction.core.config.SyncSpec;
import dev.junction.core.config.SyntheticSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The whole gateway configuration, as loaded from {@code junction.yaml} with secrets from the environment. */
public record JunctionConfig(Server server, Store store, Map<String, SourceSpec> sources,
                             Map<String, DestinationSpec> destinations, List<RouteSpec> routes, Delivery delivery,
                             Retention retention, Alerts alerts, OutboundSpec outbound, Map<String, SyncSpec> syncs,
                             Map<String, SyntheticSpec> synthetics) {

    public JunctionConfig {
        syncs = syncs == null ? Map.of() : syncs;
        synthetics = synthetics == null ? Map.of() : synthetics;
    }

    /** Without synthetic probes. */
    public JunctionConfig(Server server, Store store, Map<String, SourceSpec> sources,
                          Map<String, DestinationSpec> destinations, List<RouteSpec> routes, Delivery delivery,
                          Retention retention, Alerts alerts, OutboundSpec outbound, Map<String, SyncSpec> syncs) {
        this(server, store, sources, destinations, routes, delivery, retention, alerts, outbound, syncs, Map.of());
    }

    /** Without two-way syncs. */
    public JunctionConfig(Server server, Store store, Map<String, SourceSpec> sources,
                          Map<String, DestinationSpec> destinations, List<RouteSpec> routes, Delivery delivery,
                          Retention retention, Alerts alerts, OutboundSpec outbound) {
        this(server, store, sources, destinations, routes, delivery, retention, alerts, outbound, Map.of());
    }

    /** With the default {@code outbound} rules. */
    public JunctionConfig(Server server, Store store, Map<String, SourceSpec> sources,
                          Map<String, DestinationSpec> destinations, List<RouteSpec> routes, Delivery delivery,
                          Retention retention, Alerts alerts) {
        this(server, store, sources, destinations, routes, delivery, retention, alerts, OutboundSpec.DEFAULT);
    }

    public JunctionConfig(Server server, Store store, Map<String, SourceSpec> sources,
                          Map<String, DestinationSpec> destinations, List<RouteSpec> routes, Delivery delivery,
                          Retention retention) {
        this(server, store, sources, destinations, routes, delivery, retention, null);
    }

    /** A configuration with the default retention. */
    public JunctionConfig(Server server, Store store, Map<String, SourceSpec> sources,
                          Map<String, DestinationSpec> destinations, List<RouteSpec> routes, Delivery delivery) {
        this(server, store, sources, destinations, routes, delivery, Retention.DEFAULT, null);
    }

    /** HTTP listener. Defaults: host 0.0.0.0, port 8080. */
    public record Server(String host, int port) {}

    /**
     * The store: {@code sqlite:PATH} or {@code jdbc:sqlite:PATH} for the embedded store,
     * {@code jdbc:postgresql://...} for PostgreSQL. User and password may be null.
     */
    public record Store(String url, String user, String password) {}

    /**
     * Dispatcher settings. Defaults: 64 workers, poll interval 1s, lease = max destination timeout + 30s
     * (computed by the engine when {@code lease} is null).
     */
    public record Delivery(int workers, Duration pollInterval, Duration lease, long maxBacklog) {
        /** No backlog limit: ingest accepts as long as the store does. */
        public Delivery(int workers, Duration pollInterval, Duration lease) {
            this(workers, pollInterval, lease, 0);
        }
    }

    /**
     * How long finished work is kept: messages whose deliveries all succeeded are deleted once older
     * than {@code succeeded} (default 7 days), checked every {@code interval} (default 10 minutes), at most
     * {@code batchSize} messages per transaction. Dead letters are kept until replayed or purged.
     */
    /**
     * Where alerts go besides the log (dead deliveries, breakers opening, destinations disabled): a
     * webhook receiving at most one JSON message per {@code minInterval}. Null in the config: log only.
     */
    public record Alerts(java.net.URI url, Duration minInterval) {}

    public record Retention(Duration succeeded, Duration interval, int batchSize) {
        public static final Retention DEFAULT = new Retention(Duration.ofDays(7), Duration.ofMinutes(10), 500);
    }
}
