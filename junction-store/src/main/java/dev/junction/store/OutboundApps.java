package dev.junction.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Outbound webhooks' applications and endpoints. Every method is one transaction. */
public interface OutboundApps {

    /** False, and nothing written, when the uid is taken. */
    boolean createApp(App app);

    /** By id or by uid. */
    Optional<App> app(String idOrUid);

    /** Applications in id order, after {@code afterId} when given. */
    List<App> apps(String afterId, int limit);

    /** Deletes an application and its endpoints; deliveries already made stay (and dead-letter if retried). */
    boolean deleteApp(String appId);

    void createEndpoint(Endpoint endpoint);

    Optional<Endpoint> endpoint(String endpointId);

    /** An application's endpoints in id order. */
    List<Endpoint> endpoints(String appId);

    /** Replaces an endpoint's settings (all but its id, app and creation time); false when it does not exist. */
    boolean updateEndpoint(Endpoint endpoint, Instant now);

    boolean deleteEndpoint(String endpointId);
}
