package dev.junction.server.config;

import dev.junction.core.config.DestinationSpec;
import dev.junction.core.config.RouteSpec;
import dev.junction.core.config.SourceSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The whole gateway configuration, as loaded from {@code junction.yaml} with secrets from the environment. */
public record JunctionConfig(Server server, Store store, Map<String, SourceSpec> sources,
                             Map<String, DestinationSpec> destinations, List<RouteSpec> routes, Delivery delivery) {

    /** HTTP listener. Defaults: host 0.0.0.0, port 8080. */
    public record Server(String host, int port) {}

    /**
     * The store: {@code sqlite:PATH} or {@code jdbc:sqlite:PATH} for the embedded store,
     * {@code jdbc:postgresql://...} for PostgreSQL. User and password may be null.
     */
    public record Store(String url, String user, String password) {}

    /**
     * Dispatcher settings. Defaults: 16 workers, poll interval 1s, lease = max destination timeout + 30s
     * (computed by the engine when {@code lease} is null).
     */
    public record Delivery(int workers, Duration pollInterval, Duration lease) {}
}
