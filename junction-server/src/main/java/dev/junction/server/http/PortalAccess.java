package dev.junction.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.store.App;
import dev.junction.store.OutboundApps;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Guards the portal API: a portal link's token in {@code Authorization: Bearer}, and nothing else (an admin API
 * key is not one). The application is the token's and only the token's; a missing, altered or expired token, or
 * one whose application is gone, is a 401 problem. Tokens are never logged or echoed.
 */
final class PortalAccess implements Handler {

    private static final String APP = "portal-app";
    private static final String EXPIRES = "portal-expires";
    private static final String CHALLENGE = "Bearer realm=\"junction-portal\"";

    private final PortalTokens tokens;
    private final OutboundApps store;

    PortalAccess(PortalTokens tokens, OutboundApps store) {
        this.tokens = tokens;
        this.store = store;
    }

    @Override
    public void handle(Context ctx) {
        // Answers carry endpoint secrets: no cache may keep them.
        ctx.header("Cache-Control", "no-store");
        String token = AdminAccess.bearer(ctx);
        if (token == null) {
            refuse(ctx, "missing-portal-token", "Portal link required",
                    "This API is for the consumer portal: open the portal link you were given; its page sends the token.");
            return;
        }
        switch (tokens.verify(token)) {
            case PortalTokens.Verdict.Valid valid -> {
                // By id exactly: store.app also matches uids, and a uid may look like another application's id.
                App app = store.app(valid.appId()).filter(a -> a.id().equals(valid.appId())).orElse(null);
                if (app == null) {
                    refuse(ctx, "invalid-portal-token", "Portal link not valid", "This portal link's application no longer exists.");
                    return;
                }
                ctx.attribute(APP, app);
                ctx.attribute(EXPIRES, valid.expiresAt());
            }
            case PortalTokens.Verdict.Expired expired -> refuse(ctx, "expired-portal-token", "Portal link expired",
                    "This portal link expired at " + expired.expiresAt() + "; ask for a new one.",
                    p -> p.put("expiredAt", expired.expiresAt().toString())); // for the page to show in its reader's time
            // Without the prefix it is no link's token at all, most often an API key sent here: say so, not "altered".
            case PortalTokens.Verdict.Invalid invalid -> refuse(ctx, "invalid-portal-token", "Portal link not valid",
                    token.startsWith(PortalTokens.PREFIX)
                            ? "This portal link is not valid: it was altered, cut short, or signed with another key; ask for a new one."
                            : "This is not a portal link's token (those start with " + PortalTokens.PREFIX + "): an API key opens /api/v1,"
                                    + " not the portal's API. Make a link with POST /api/v1/apps/{app}/portal-links.");
        }
    }

    /** The application of a request this guard let through. */
    static App app(Context ctx) {
        App app = ctx.attribute(APP);
        if (app == null) throw new IllegalStateException("portal route reached without PortalAccess: " + ctx.path());
        return app;
    }

    /** The application of a portal request as {@code portal app_...}, or null outside the portal's API. */
    static String appId(Context ctx) {
        App app = ctx.attribute(APP);
        return app == null ? null : "portal " + app.id();
    }

    static Instant expiresAt(Context ctx) {
        return ctx.attribute(EXPIRES);
    }

    private static void refuse(Context ctx, String slug, String title, String detail) {
        refuse(ctx, slug, title, detail, p -> {});
    }

    private static void refuse(Context ctx, String slug, String title, String detail, Consumer<ObjectNode> more) {
        ctx.header("WWW-Authenticate", CHALLENGE + (slug.startsWith("missing") ? "" : ", error=\"invalid_token\""));
        Problem.send(ctx, 401, slug, title, detail, more);
        ctx.skipRemainingHandlers();
    }
}
