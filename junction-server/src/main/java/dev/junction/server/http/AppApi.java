package dev.junction.server.http;

import dev.junction.core.model.Ids;
import dev.junction.engine.Pipeline;
import dev.junction.store.App;
import dev.junction.store.OutboundApps;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Outbound webhooks' applications, one per customer of the user. Their endpoints are {@link EndpointApi}'s, in
 * the admin API's {@link AppScope}.
 */
final class AppApi {

    private static final Pattern UID = Pattern.compile("[A-Za-z0-9._~-]{1,100}");
    private static final Set<String> APP_FIELDS = Set.of("uid", "name");

    private final OutboundApps store;
    private final Pipeline pipeline;
    private final AppScope scope;
    private final Clock clock;
    private final Ids ids;
    private final Idempotency idempotency;

    AppApi(AppScope scope, Pipeline pipeline, Clock clock, Idempotency idempotency) {
        this.idempotency = idempotency;
        this.store = pipeline.store();
        this.pipeline = pipeline;
        this.scope = scope;
        this.clock = clock;
        this.ids = new Ids(clock, new SecureRandom());
    }

    void register(RoutesConfig routes) {
        routes.post("/api/v1/apps", idempotency.honoured(this::createApp));
        routes.get("/api/v1/apps", this::listApps);
        routes.get(scope.path(""), ctx -> EndpointApi.json(ctx, 200, Views.app(scope.app(ctx))));
        routes.delete(scope.path(""), this::deleteApp);
    }

    private void createApp(Context ctx) {
        BodyFields body = BodyFields.of(ctx.bodyAsBytes(), APP_FIELDS);
        String uid = body.requiredText("uid", 100);
        if (!UID.matcher(uid).matches()) throw new BadParameter("uid", "'uid' may hold letters, digits and . _ ~ - only");
        // An application is addressed by its id or its uid in one path segment, ids first: a uid shaped like an id
        // (app_...) could name another customer's application, and this one could not be reached by it.
        if (uid.startsWith("app_")) throw new BadParameter("uid", "'uid' may not start with app_, the prefix of application ids");
        String name = body.has("name") ? body.requiredText("name", 200) : uid;
        // As it reads back: times are kept to the millisecond, and the answer says what a list will.
        App app = new App(ids.next("app"), uid, name, clock.instant().truncatedTo(ChronoUnit.MILLIS));
        if (!store.createApp(app)) {
            Problem.write(ctx, 409, "app-exists", "Application exists", "an application with uid '" + uid + "' exists");
            return;
        }
        pipeline.dispatcher().outboundInUse();
        EndpointApi.json(ctx, 201, Views.app(app));
    }

    private void listApps(Context ctx) {
        Params.only(ctx, Set.of("cursor", "limit"));
        Paging.Request page = Paging.read(ctx, "apps");
        Paging.write(ctx, page, store.apps(page.afterKey(), page.limit() + 1), App::id, Views::app);
    }

    private void deleteApp(Context ctx) {
        App app = scope.app(ctx);
        store.endpoints(app.id()).forEach(e -> pipeline.endpoints().forget(e.id()));
        store.deleteApp(app.id());
        ctx.status(204);
    }
}
