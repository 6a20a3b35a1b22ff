package dev.junction.server.http;

import dev.junction.engine.route.RouteNames;
import dev.junction.engine.Pipeline;
import dev.junction.engine.outbound.EventTypeCatalog;
import dev.junction.server.check.Audit;
import io.javalin.config.RoutesConfig;
import java.time.Clock;

/**
 * The admin API under {@code /api/v1}: configuration and its live state, messages and their story,
 * deliveries and dead letters with replay, and stats. Every list pages the same way ({@link Paging}), and
 * every bad parameter is a 400 problem naming it ({@link BadParameter}). POSTs that change state take an
 * {@code Idempotency-Key} ({@link Idempotency}). The config's integrations are explained and checked as
 * {@code junction explain} and {@code junction check} do ({@link IntegrationApi}).
 */
final class AdminApi {

    private final TopologyApi topology;
    private final MessageApi messages;
    private final DeliveryApi deliveries;
    private final StatsApi stats;
    private final SeriesApi series;
    private final AppApi apps;
    private final EndpointApi endpoints;
    private final PublishApi publish;
    private final OutboundActivityApi outboundActivity;
    /** One catalogue for the event type API and publishing, so a schema compiled for one serves the other. */
    private final EventTypeCatalog eventTypeCatalog;
    private final EventTypeApi eventTypes;
    private final PollApi polls;
    private final FeedApi feeds;
    private final SyncApi syncs;
    private final ReconciliationApi reconciliations;
    private final IntegrationApi integrations;
    private final SyntheticApi synthetics;

    AdminApi(Pipeline pipeline, Clock clock, Idempotency idempotency, Audit audit) {
        this.topology = new TopologyApi(pipeline, clock, idempotency);
        DeliveryNames names = new DeliveryNames(new RouteNames(pipeline.routes()), pipeline.store());
        this.messages = new MessageApi(pipeline.store(), pipeline.sources(), pipeline.routes(), names);
        this.deliveries = new DeliveryApi(pipeline.store(), pipeline.store(), names, pipeline.destinations().keySet(), clock, pipeline.dispatcher()::wakeUp, idempotency);
        this.stats = new StatsApi(pipeline, clock, names);
        this.series = new SeriesApi(pipeline.store(), clock);
        AppScope byPath = AppScope.byPath(pipeline.store());
        this.apps = new AppApi(byPath, pipeline, clock, idempotency);
        this.endpoints = new EndpointApi(byPath, pipeline, clock, idempotency);
        this.eventTypeCatalog = new EventTypeCatalog(pipeline.store());
        this.publish = new PublishApi(byPath, pipeline, eventTypeCatalog, idempotency);
        this.outboundActivity = new OutboundActivityApi(byPath, pipeline, clock, idempotency);
        this.eventTypes = new EventTypeApi(pipeline.store(), eventTypeCatalog, clock, idempotency);
        this.polls = new PollApi(pipeline, idempotency);
        this.feeds = new FeedApi(pipeline, idempotency);
        this.syncs = new SyncApi(pipeline, idempotency);
        this.reconciliations = new ReconciliationApi(pipeline, idempotency);
        this.integrations = new IntegrationApi(audit);
        this.synthetics = new SyntheticApi(pipeline);
    }

    void register(RoutesConfig routes) {
        topology.register(routes);
        messages.register(routes);
        deliveries.register(routes);
        stats.register(routes);
        series.register(routes);
        apps.register(routes);
        endpoints.register(routes);
        publish.register(routes);
        outboundActivity.register(routes);
        eventTypes.register(routes);
        polls.register(routes);
        feeds.register(routes);
        syncs.register(routes);
        reconciliations.register(routes);
        integrations.register(routes);
        synthetics.register(routes);
    }
}
