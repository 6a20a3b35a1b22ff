package dev.junction.server.http;

import dev.junction.engine.Pipeline;
import dev.junction.store.App;
import io.javalin.config.JavalinConfig;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * The consumer portal (ADR 0020): a page at {@code /portal/} where one customer, holding a link's token, manages
 * their own endpoints and sees their own messages; the API it calls at {@code /portal/api}, in a token's
 * {@link AppScope}, with the same handlers as the admin API; and the admin route that gives out links.
 */
final class Portal {

    static final String PAGE = "/portal/";
    static final String API = "/portal/api";
    /** The dashboard's policy (this origin only, no inline script, never framed), and the older anti-framing header too. */
    static final Map<String, String> HEADERS = withFrameOptions(Dashboard.HEADERS);

    private final PortalTokens tokens;
    private final PortalAccess access;
    private final EndpointApi endpoints;
    private final OutboundActivityApi activity;
    private final PortalLinks links;

    Portal(Pipeline pipeline, Clock clock, byte[] key, Idempotency idempotency) {
        this.tokens = new PortalTokens(key, clock);
        this.access = new PortalAccess(tokens, pipeline.store());
        AppScope byToken = new AppScope(API, pipeline.store(), PortalAccess::app);
        this.endpoints = new EndpointApi(byToken, pipeline, clock, idempotency);
        this.activity = new OutboundActivityApi(byToken, pipeline, clock, idempotency);
        this.links = new PortalLinks(AppScope.byPath(pipeline.store()), tokens);
    }

    void register(JavalinConfig config) {
        byte[] page = Dashboard.read("/portal/index.html");
        StaticAssets files = new StaticAssets("/portal", HEADERS);
        config.routes.get("/portal/assets/{file}", files);
        config.routes.head("/portal/assets/{file}", files);
        config.routes.get(PAGE, ctx -> {
            HEADERS.forEach(ctx::header);
            ctx.contentType("text/html; charset=utf-8").result(page);
        });
        config.routes.before(API + "/*", access);
        config.routes.get(API + "/app", ctx -> {
            App app = PortalAccess.app(ctx);
            EndpointApi.json(ctx, 200, Views.app(app).put("linkExpiresAt", PortalAccess.expiresAt(ctx).toString()));
        });
        endpoints.register(config.routes);
        activity.register(config.routes);
        links.register(config.routes);
    }

    private static Map<String, String> withFrameOptions(Map<String, String> headers) {
        Map<String, String> all = new HashMap<>(headers);
        all.put("X-Frame-Options", "DENY");
        return Map.copyOf(all);
    }
}
