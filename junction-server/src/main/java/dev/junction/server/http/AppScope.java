package dev.junction.server.http;

import dev.junction.store.App;
import dev.junction.store.Endpoint;
import dev.junction.store.OutboundApps;
import io.javalin.http.Context;
import java.util.function.Function;

/**
 * Which application a request acts for, and under which path its routes live. The admin API names the
 * application in the path ({@code /api/v1/apps/{app}}); the consumer portal takes it from the link's token only
 * ({@code /portal/api}), so nothing a customer puts in a path or query can name another customer's application.
 * The same handlers serve both.
 */
record AppScope(String prefix, OutboundApps store, Function<Context, App> resolver) {

    static final String ADMIN_PREFIX = "/api/v1/apps/{app}";

    /** The admin API's: {@code {app}} in the path, by id or uid, or 404. */
    static AppScope byPath(OutboundApps store) {
        return new AppScope(ADMIN_PREFIX, store,
                ctx -> store.app(ctx.pathParam("app")).orElseThrow(() -> new NotFound("application", ctx.pathParam("app"))));
    }

    /** The route {@code suffix} (e.g. {@code /endpoints/{id}}) under this scope's prefix. */
    String path(String suffix) {
        return prefix + suffix;
    }

    App app(Context ctx) {
        return resolver.apply(ctx);
    }

    /**
     * The endpoint the path's {@code {id}} names, if it belongs to this request's application; 404 otherwise,
     * the same answer as for an id that does not exist, so another application's ids are not even confirmed.
     */
    Endpoint endpoint(Context ctx) {
        App app = app(ctx);
        return store.endpoint(ctx.pathParam("id")).filter(e -> e.appId().equals(app.id()))
                .orElseThrow(() -> new NotFound("endpoint", ctx.pathParam("id")));
    }
}
