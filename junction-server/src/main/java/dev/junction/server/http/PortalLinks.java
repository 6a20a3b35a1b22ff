package dev.junction.server.http;

import dev.junction.server.config.Durations;
import dev.junction.store.App;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Set;

/**
 * {@code POST /api/v1/apps/{app}/portal-links} (admin API): a link to the consumer portal for one application,
 * good for {@code expires_in} (default 1h, at most 24h). The token rides in the URL's fragment, which browsers
 * never send to a server, so it reaches no access log and no {@code Referer}.
 */
final class PortalLinks {

    private final AppScope scope;
    private final PortalTokens tokens;

    PortalLinks(AppScope scope, PortalTokens tokens) {
        this.scope = scope;
        this.tokens = tokens;
    }

    void register(RoutesConfig routes) {
        // Not under an Idempotency-Key: its answer is a link that opens the portal, which the key's stored answer would keep.
        // Nothing is stored by making one, so a retry only makes another link, as valid and as long.
        routes.post(scope.path("/portal-links"), this::create);
    }

    private void create(Context ctx) {
        App app = scope.app(ctx);
        BodyFields body = BodyFields.of(ctx.bodyAsBytes(), Set.of("expires_in"));
        Duration ttl = body.has("expires_in") ? ttl(body.text("expires_in")) : PortalTokens.DEFAULT_TTL;
        PortalTokens.Issued issued = tokens.issue(app.id(), ttl);
        EndpointApi.json(ctx, 201, Problem.JSON.createObjectNode()
                .put("url", origin(ctx) + Portal.PAGE + "#token=" + issued.token())
                .put("token", issued.token())
                .put("appId", app.id())
                .put("expiresAt", issued.expiresAt().toString()));
    }

    private static Duration ttl(String text) {
        Duration d = Durations.parse(text);
        if (d == null || d.compareTo(Duration.ofMinutes(1)) < 0 || d.compareTo(PortalTokens.MAX_TTL) > 0) {
            // Examples in range: the general hint (500ms, 5s) would suggest values this refuses.
            throw new BadParameter("expires_in", "'expires_in' must be a duration from 1m to " + PortalTokens.MAX_TTL.toHours()
                    + "h (use e.g. 30m, 1h, " + PortalTokens.MAX_TTL.toHours() + "h), but was '" + Params.shorten(text) + "'");
        }
        return d;
    }

    /** Where the caller reached this gateway, as a proxy in front of it reports it; the caller holds an admin key. */
    private static String origin(Context ctx) {
        String proto = first(ctx.header("X-Forwarded-Proto"));
        // One host, not a list: which of "a.example, b.example" is the customer's is not ours to guess.
        String host = ctx.header("X-Forwarded-Host");
        host = host == null || host.isBlank() ? null : host.strip();
        // A link a customer opens: only http(s) and a host[:port], whatever a header says (javascript: is no origin).
        if (proto != null && !(proto.equalsIgnoreCase("http") || proto.equalsIgnoreCase("https"))) {
            throw new BadParameter("X-Forwarded-Proto", "X-Forwarded-Proto must be http or https to make a portal link");
        }
        if (host != null && !HOST.matcher(host).matches()) {
            throw new BadParameter("X-Forwarded-Host", "X-Forwarded-Host must be one host name or address, with an optional port");
        }
        return (proto != null ? proto.toLowerCase(java.util.Locale.ROOT) : ctx.scheme()) + "://" + (host != null ? host : ctx.host());
    }

    /** A DNS name, an IPv4 address or a bracketed IPv6 one, and an optional port. */
    private static final java.util.regex.Pattern HOST = java.util.regex.Pattern.compile(
            "(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\\[[0-9A-Fa-f:.]+])(?::[0-9]{1,5})?");

    private static String first(String header) {
        if (header == null || header.isBlank()) return null;
        return header.split(",", 2)[0].strip();
    }
}
