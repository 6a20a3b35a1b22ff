package dev.junction.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.core.config.DestinationSpec;
import dev.junction.core.model.Ids;
import dev.junction.engine.Pipeline;
import dev.junction.engine.deliver.Dispatcher;
import dev.junction.store.App;
import dev.junction.store.Endpoint;
import dev.junction.store.OutboundApps;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Outbound webhooks' applications (one per customer of the user) and their endpoints. Endpoints are data:
 * created, edited and deleted here at run time, each with a {@code whsec_} secret generated at creation.
 */
final class AppApi {

    private static final Pattern UID = Pattern.compile("[A-Za-z0-9._~-]{1,100}");
    private static final Set<String> APP_FIELDS = Set.of("uid", "name");
    private static final Set<String> ENDPOINT_FIELDS = Set.of("url", "description", "filter_types", "channels", "headers",
            "rate_limit", "disabled");
    private static final Duration DEFAULT_GRACE = Duration.ofHours(24);
    private static final Duration MAX_GRACE = Duration.ofDays(7);

    private final OutboundApps store;
    private final Pipeline pipeline;
    private final Clock clock;
    private final Ids ids;
    private final SecureRandom random = new SecureRandom();
    /** Why an endpoint URL is refused, or empty when it may be used. */
    private final Function<URI, Optional<String>> urlPolicy;

    AppApi(Pipeline pipeline, Clock clock, Function<URI, Optional<String>> urlPolicy) {
        this.store = pipeline.store();
        this.pipeline = pipeline;
        this.clock = clock;
        this.ids = new Ids(clock, random);
        this.urlPolicy = urlPolicy;
    }

    void register(RoutesConfig routes) {
        routes.post("/api/v1/apps", this::createApp);
        routes.get("/api/v1/apps", this::listApps);
        routes.get("/api/v1/apps/{app}", ctx -> json(ctx, 200, view(app(ctx))));
        routes.delete("/api/v1/apps/{app}", this::deleteApp);
        routes.post("/api/v1/apps/{app}/endpoints", this::createEndpoint);
        routes.get("/api/v1/apps/{app}/endpoints", this::listEndpoints);
        routes.get("/api/v1/apps/{app}/endpoints/{id}", ctx -> json(ctx, 200, view(endpoint(ctx))));
        routes.patch("/api/v1/apps/{app}/endpoints/{id}", this::patchEndpoint);
        routes.delete("/api/v1/apps/{app}/endpoints/{id}", this::deleteEndpoint);
        routes.get("/api/v1/apps/{app}/endpoints/{id}/secret", this::secret);
        routes.post("/api/v1/apps/{app}/endpoints/{id}/secret/rotate", this::rotate);
    }

    private void createApp(Context ctx) {
        BodyFields body = BodyFields.of(ctx.body(), APP_FIELDS);
        String uid = body.requiredText("uid", 100);
        if (!UID.matcher(uid).matches()) throw new BadParameter("uid", "'uid' may hold letters, digits and . _ ~ - only");
        String name = body.has("name") ? body.requiredText("name", 200) : uid;
        App app = new App(ids.next("app"), uid, name, clock.instant());
        if (!store.createApp(app)) {
            Problem.write(ctx, 409, "app-exists", "Application exists", "an application with uid '" + uid + "' exists");
            return;
        }
        pipeline.dispatcher().outboundInUse();
        json(ctx, 201, view(app));
    }

    private void listApps(Context ctx) {
        Params.only(ctx, Set.of("cursor", "limit"));
        Paging.Request page = Paging.read(ctx, "apps");
        Paging.write(ctx, page, store.apps(page.afterKey(), page.limit() + 1), App::id, AppApi::view);
    }

    private void deleteApp(Context ctx) {
        App app = app(ctx);
        store.endpoints(app.id()).forEach(e -> pipeline.endpoints().forget(e.id()));
        store.deleteApp(app.id());
        ctx.status(204);
    }

    private void createEndpoint(Context ctx) {
        App app = app(ctx);
        BodyFields body = BodyFields.of(ctx.body(), ENDPOINT_FIELDS);
        Instant now = clock.instant();
        Endpoint e = new Endpoint(ids.next(Dispatcher.ENDPOINT_PREFIX.substring(0, 2)), app.id(), url(body.requiredText("url", 2000)),
                body.text("description"), body.strings("filter_types"), body.strings("channels"), headers(body),
                body.integer("rate_limit", 0, 0, 100_000), Boolean.TRUE.equals(body.bool("disabled")), newSecret(), null, null, now, now);
        store.createEndpoint(e);
        json(ctx, 201, view(e));
    }

    private void listEndpoints(Context ctx) {
        ArrayNode items = Problem.JSON.createArrayNode();
        store.endpoints(app(ctx).id()).forEach(e -> items.add(view(e)));
        ObjectNode body = Problem.JSON.createObjectNode();
        body.set("items", items);
        json(ctx, 200, body);
    }

    private void patchEndpoint(Context ctx) {
        Endpoint e = endpoint(ctx);
        BodyFields body = BodyFields.of(ctx.body(), ENDPOINT_FIELDS);
        Endpoint changed = new Endpoint(e.id(), e.appId(), body.has("url") ? url(body.requiredText("url", 2000)) : e.url(),
                body.has("description") ? body.text("description") : e.description(),
                body.has("filter_types") ? body.strings("filter_types") : e.filterTypes(),
                body.has("channels") ? body.strings("channels") : e.channels(),
                body.has("headers") ? headers(body) : e.headers(), body.integer("rate_limit", e.rateLimit(), 0, 100_000),
                body.has("disabled") ? body.bool("disabled") : e.disabled(), e.secret(), e.previousSecret(), e.previousExpiresAt(),
                e.createdAt(), clock.instant());
        store.updateEndpoint(changed, clock.instant());
        pipeline.endpointStatus().edited(e, changed);
        json(ctx, 200, view(store.endpoint(e.id()).orElse(changed)));
    }

    private void deleteEndpoint(Context ctx) {
        Endpoint e = endpoint(ctx);
        store.deleteEndpoint(e.id());
        pipeline.endpoints().forget(e.id());
        ctx.status(204);
    }

    private void secret(Context ctx) {
        Endpoint e = endpoint(ctx);
        json(ctx, 200, Problem.JSON.createObjectNode().put("key", e.secret()));
    }

    /** A new secret at once; the old one keeps signing (both signatures on every delivery) until the grace ends. */
    private void rotate(Context ctx) {
        Endpoint e = endpoint(ctx);
        BodyFields body = BodyFields.of(ctx.body(), Set.of("grace"));
        Duration grace = body.has("grace") ? grace(body.text("grace")) : DEFAULT_GRACE;
        Instant now = clock.instant();
        Endpoint rotated = new Endpoint(e.id(), e.appId(), e.url(), e.description(), e.filterTypes(), e.channels(), e.headers(),
                e.rateLimit(), e.disabled(), newSecret(), e.secret(), grace.isZero() ? null : now.plus(grace), e.createdAt(), now);
        store.updateEndpoint(rotated, now);
        pipeline.endpoints().forget(e.id());
        json(ctx, 200, Problem.JSON.createObjectNode().put("key", rotated.secret())
                .put("previousExpiresAt", rotated.previousExpiresAt() == null ? null : rotated.previousExpiresAt().toString()));
    }

    private static Duration grace(String text) {
        try {
            Duration d = Duration.parse("PT" + text.toUpperCase(Locale.ROOT));
            if (d.isNegative() || d.compareTo(MAX_GRACE) > 0) throw new BadParameter("grace", "'grace' must be from 0s to 168h");
            return d;
        } catch (java.time.format.DateTimeParseException ex) {
            throw new BadParameter("grace", "'grace' must be a duration such as 30m or 24h");
        }
    }

    private String url(String text) {
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException ex) {
            throw new BadParameter("url", "'url' is not a valid URL: " + ex.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new BadParameter("url", "'url' must be an absolute http:// or https:// URL with a host");
        }
        if (uri.getRawUserInfo() != null) throw new BadParameter("url", "'url' must not carry credentials; use 'headers'");
        Optional<String> refused = urlPolicy.apply(uri);
        if (refused.isPresent()) throw new RefusedUrl(refused.get());
        return uri.toString();
    }

    private static java.util.Map<String, String> headers(BodyFields body) {
        java.util.Map<String, String> headers = body.stringMap("headers");
        if (headers == null) return java.util.Map.of();
        for (String name : headers.keySet()) {
            if (DestinationSpec.RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                throw new BadParameter("headers", "'" + name + "' is set by Junction on every delivery");
            }
        }
        return headers;
    }

    private String newSecret() {
        byte[] key = new byte[32];
        random.nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    private App app(Context ctx) {
        return app(store, ctx);
    }

    private Endpoint endpoint(Context ctx) {
        return endpoint(store, ctx);
    }

    /** The application the path's {@code {app}} names (id or uid), or 404. */
    static App app(OutboundApps store, Context ctx) {
        return store.app(ctx.pathParam("app")).orElseThrow(() -> new NotFound("application", ctx.pathParam("app")));
    }

    /** The endpoint the path's {@code {id}} names, if it belongs to the path's application, or 404. */
    static Endpoint endpoint(OutboundApps store, Context ctx) {
        App app = app(store, ctx);
        return store.endpoint(ctx.pathParam("id")).filter(e -> e.appId().equals(app.id()))
                .orElseThrow(() -> new NotFound("endpoint", ctx.pathParam("id")));
    }

    static ObjectNode view(App app) {
        return Problem.JSON.createObjectNode().put("id", app.id()).put("uid", app.uid()).put("name", app.name())
                .put("createdAt", app.createdAt().toString());
    }

    /** Never the secret: it has its own route, so lists and logs of responses do not carry it. */
    static ObjectNode view(Endpoint e) {
        ObjectNode node = Problem.JSON.createObjectNode().put("id", e.id()).put("appId", e.appId()).put("url", e.url())
                .put("description", e.description()).put("rateLimit", e.rateLimit()).put("disabled", e.disabled())
                .put("createdAt", e.createdAt().toString()).put("updatedAt", e.updatedAt().toString());
        node.set("filterTypes", e.filterTypes() == null ? null : Problem.JSON.valueToTree(e.filterTypes()));
        node.set("channels", e.channels() == null ? null : Problem.JSON.valueToTree(e.channels()));
        node.set("headerNames", Problem.JSON.valueToTree(List.copyOf(e.headers().keySet())));
        node.put("rotating", e.previousSecret() != null && e.previousExpiresAt() != null);
        return node;
    }

    private static void json(Context ctx, int status, ObjectNode body) {
        ctx.status(status).contentType("application/json").result(body.toString());
    }
}
