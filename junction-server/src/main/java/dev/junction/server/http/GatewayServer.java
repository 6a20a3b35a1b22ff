package dev.junction.server.http;

import dev.junction.core.config.OutboundSpec;
import dev.junction.engine.Pipeline;
import dev.junction.server.check.Audit;
import io.javalin.Javalin;
import dev.junction.server.auth.ApiKeyAuthenticator;
import io.javalin.http.HttpResponseException;
import io.javalin.http.MethodNotAllowedResponse;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jetty.JettyConnectionMetrics;
import io.micrometer.core.instrument.binder.jetty.JettyServerThreadPoolMetrics;
import io.micrometer.jetty12.server.TimedHandler;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP face of a gateway: ingest, calendar exports, admin API, dashboard, consumer portal and health, on Javalin (Jetty 12) with virtual threads. */
public final class GatewayServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GatewayServer.class);

    private final Javalin app;
    private final String host;
    private final int port;
    private final List<Route> routes = new CopyOnWriteArrayList<>();
    private final PrometheusMeterRegistry prometheus;
    private JettyServerThreadPoolMetrics threadPoolMetrics;

    /** A registered endpoint: method and path as Javalin has it, e.g. GET /api/v1/messages/{id}. */
    public record Route(String method, String path) {}

    /**
     * Who may use the admin API: keys checked by {@code keys}; {@code metricsRequireKey} puts
     * {@code /metrics} behind a key too (any role). {@code portalKey} signs consumer portal links (the
     * environment's JUNCTION_PORTAL_KEY); null: a key generated once and kept in the store.
     */
    public record Access(ApiKeyAuthenticator keys, boolean metricsRequireKey, String portalKey) {

        public Access(ApiKeyAuthenticator keys, boolean metricsRequireKey) {
            this(keys, metricsRequireKey, null);
        }

        @Override
        public String toString() {
            return "Access[metricsRequireKey=" + metricsRequireKey + ", portalKey=" + (portalKey == null ? "stored" : "***") + "]";
        }
    }

    /**
     * @param prometheus the registry scraped at {@code GET /metrics}, or null for no metrics endpoint
     * @param outbound   whether the admin API's POSTs require an Idempotency-Key, and how long keys are kept
     * @param audit      the config as explain and check see it, for the integrations the admin API explains
     */
    public GatewayServer(Pipeline pipeline, Clock clock, String host, int port, long maxBodyBytes,
                         PrometheusMeterRegistry prometheus, Access access, OutboundSpec outbound, Audit audit) {
        this.prometheus = prometheus;
        this.host = host;
        this.port = port;
        IngestHandler ingest = new IngestHandler(pipeline.ingestor(), pipeline.sources().entrySet().stream()
                .filter(e -> e.getValue().polled()).map(java.util.Map.Entry::getKey).collect(java.util.stream.Collectors.toSet()));
        Idempotency idempotency = new Idempotency(pipeline.store(), clock, outbound);
        AdminApi admin = new AdminApi(pipeline, clock, idempotency, audit);
        OpenApi openApi = new OpenApi();
        AdminAccess guard = new AdminAccess(access.keys(), Set.of(OpenApi.PATH));
        Portal portal = new Portal(pipeline, clock, PortalKey.resolve(access.portalKey(), pipeline.store(), clock), idempotency);
        this.app = Javalin.create(config -> {
            config.events.handlerAdded(h -> {
                // HEAD is answered wherever GET is (answerHeadAsGet): the list names the GET.
                if (h.getHttpMethod().isHttpMethod() && h.getHttpMethod() != io.javalin.http.HandlerType.HEAD) {
                    routes.add(new Route(h.getHttpMethod().name(), h.getPath()));
                }
            });
            config.concurrency.useVirtualThreads = true;
            config.jetty.threadPool = serverThreads();
            config.jetty.host = host;
            config.jetty.port = port;
            // Jetty reuses the header lines a connection sent before, matched ignoring case unless told: a key,
            // token or id differing from an earlier one only in case was read as the earlier one (ADR 0043).
            config.jetty.modifyHttpConfiguration(http -> http.setHeaderCacheCaseSensitive(true));
            // Requests Jetty refuses before any route (a bad %-escape in the path) get problem+json too, not its HTML page.
            config.jetty.modifyServer(server -> server.setErrorHandler(new ProblemErrorHandler()));
            config.startup.showJavalinBanner = false;
            // The per-source limit is checked by the ingest handler; this is only the outer bound, on every route.
            config.http.maxRequestSize = maxBodyBytes;
            // First, so every answer (a 401, a 404) names its trace.
            config.routes.before(Traces::begin);
            config.routes.before("/api/v1/*", guard);
            config.routes.after("/api/v1/*", AuditLog::record);
            config.routes.after(Traces::end);
            config.routes.post("/in/{source}", ingest);
            new IcalExport(pipeline, clock).register(config.routes);
            admin.register(config.routes);
            config.routes.get(OpenApi.PATH, openApi::serve);
            Dashboard.register(config);
            portal.register(config);
            if (prometheus != null) {
                // Requests by method and status (no path: it would grow with every source name tried);
                // Javalin nests its own handler inside a wrapper set here.
                config.jetty.modifyServer(server -> server.setHandler(new TimedHandler(prometheus, Tags.empty())));
                if (access.metricsRequireKey()) config.routes.before("/metrics", guard);
                config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(prometheus.scrape()));
            }
            config.routes.get("/health/live", ctx -> ctx.json(java.util.Map.of("status", "up")));
            config.routes.get("/health/ready", ctx -> {
                boolean up = pipeline.store().ping();
                ctx.status(up ? 200 : 503).json(java.util.Map.of("status", up ? "ready" : "store unreachable"));
            });
            config.routes.exception(BadParameter.class, (e, ctx) -> Problem.badParameter(ctx, e.parameter(), e.getMessage()));
            config.routes.exception(NotFound.class, (e, ctx) -> e.write(ctx));
            config.routes.exception(RefusedUrl.class, (e, ctx) -> Problem.write(ctx, 422, "url-refused", "URL refused",
                    "this endpoint URL may not be used: " + e.getMessage()));
            config.routes.exception(HttpResponseException.class, (e, ctx) -> {
                if (e.getStatus() == 404) notFound(ctx);
                // Any route's body over the outer bound below: named as a source's limit is (it was "Content Too Large").
                else if (e.getStatus() == 413) Problem.tooLarge(ctx, "The body is larger than the gateway's limit of " + maxBodyBytes
                        + " bytes for any request (the largest sources.<name>.max-body sets it).");
                else if (e instanceof MethodNotAllowedResponse refused) methodNotAllowed(ctx, refused);
                else Problem.write(ctx, e.getStatus(), "http-" + e.getStatus(), e.getMessage(), e.getMessage());
            });
            config.routes.exception(dev.junction.store.StoreException.class, (e, ctx) -> Problem.storeFailed(ctx, e));
            config.routes.exception(Exception.class, (e, ctx) -> {
                if (Problem.brokenRequest(e)) {
                    log.debug("request to {} broken off or malformed: {}", ctx.path(), e.toString());
                    Problem.brokenRequest(ctx);
                    return;
                }
                log.error("request to {} failed", ctx.path(), e);
                Problem.internal(ctx);
            });
            config.routes.error(404, ctx -> {
                String type = ctx.res().getContentType();
                if (type == null || !type.startsWith("application/problem+json")) notFound(ctx);
            });
            // A path that exists answers another method with 405 and says which it takes, not a 404 that reads
            // as a wrong URL (a GET on /in/stripe from a browser, say): Javalin's router finds them.
            config.http.prefer405over404 = true;
        });
        answerHeadAsGet(app);
    }

    /**
     * HEAD runs the GET handler, and Jetty sends its headers without the body (RFC 9110 9.3.2). Left to Javalin, a HEAD
     * on a GET route ran the before-handlers and then nothing: 200, text/plain, no length, whatever GET would have
     * answered, so a load balancer checking {@code HEAD /health/ready} saw a gateway whose store was down as ready,
     * and a wrong export token got 200 where GET says 404. Routes with a HEAD of their own (static files) keep it.
     */
    private static void answerHeadAsGet(Javalin app) {
        var router = app.unsafe.internalRouter;
        Set<String> heads = new java.util.HashSet<>();
        List<io.javalin.router.Endpoint> gets = new java.util.ArrayList<>();
        for (var parsed : router.allHttpHandlers()) {
            if (parsed.endpoint.method == io.javalin.http.HandlerType.HEAD) heads.add(parsed.endpoint.path);
            if (parsed.endpoint.method == io.javalin.http.HandlerType.GET) gets.add(parsed.endpoint);
        }
        for (var get : gets) {
            if (!heads.contains(get.path)) {
                router.addHttpEndpoint(new io.javalin.router.Endpoint(io.javalin.http.HandlerType.HEAD, get.path, get.handler, Set.of()));
            }
        }
    }

    /** Every endpoint registered, in order; HEAD, answered wherever GET is, is not listed apart. */
    public List<Route> routes() {
        return List.copyOf(routes);
    }

    /**
     * Jetty's own shape for virtual threads, as the delivery client has it (ADR 0040): selectors and the acceptor
     * on a few platform threads, each request's handler on a virtual thread. Javalin's pool for virtual threads
     * ran the selectors on virtual threads too, and being no pool Jetty knows, it showed in {@code /metrics} as one
     * idle thread whatever the load (ADR 0041).
     */
    private static org.eclipse.jetty.util.thread.QueuedThreadPool serverThreads() {
        var threads = new org.eclipse.jetty.util.thread.QueuedThreadPool();
        threads.setName("junction-http");
        threads.setVirtualThreadsExecutor(org.eclipse.jetty.util.VirtualThreads.getNamedVirtualThreadsExecutor("junction-http-"));
        return threads;
    }

    /**
     * Javalin's 405 names the methods its router has for the path, under one key or another by what the client
     * accepts; HEAD is answered wherever GET is.
     */
    private static void methodNotAllowed(io.javalin.http.Context ctx, MethodNotAllowedResponse refused) {
        List<String> methods = new java.util.ArrayList<>();
        for (String value : refused.getDetails().values()) {
            for (String method : value.split(",")) if (!method.isBlank()) methods.add(method.strip());
        }
        if (methods.contains("GET") && !methods.contains("HEAD")) methods.add("HEAD");
        String allow = String.join(", ", methods);
        if (!allow.isEmpty()) ctx.header("Allow", allow);
        Problem.write(ctx, 405, "method-not-allowed", "Method not allowed", ctx.method() + " is not allowed on " + ctx.path()
                + (allow.isEmpty() ? "." : "; it takes " + allow + "."));
    }

    private static void notFound(io.javalin.http.Context ctx) {
        Problem.write(ctx, 404, "not-found", "Not found", "No endpoint at " + ctx.method() + " " + ctx.path() + ".");
    }

    public GatewayServer start() {
        PortCheck.free(host, port);
        try {
            app.start();
        } catch (io.javalin.util.JavalinBindException e) {
            throw PortCheck.inUse(host, port); // taken between the check and the start
        }
        if (prometheus != null) {
            // Bound once started: the connectors and the thread pool exist only then.
            JettyConnectionMetrics.addToAllConnectors(app.jettyServer().server(), prometheus);
            threadPoolMetrics = new JettyServerThreadPoolMetrics(app.jettyServer().threadPool(), Tags.empty());
            threadPoolMetrics.bindTo(prometheus);
        }
        return this;
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
        if (threadPoolMetrics != null) {
            try {
                threadPoolMetrics.close();
            } catch (Exception ignored) {
                // only unregisters gauges of a server that is gone
            }
        }
    }
}
