package dev.junction.server.http;

import dev.junction.server.auth.ApiKeyAuthenticator;
import dev.junction.server.auth.ApiKeyAuthenticator.Reason;
import dev.junction.server.auth.ApiKeyAuthenticator.Result;
import dev.junction.store.ApiKey;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.Locale;
import java.util.Set;

/**
 * Guards the admin API: a key in {@code Authorization: Bearer <key>} or {@code X-Api-Key}; role
 * {@code read} may GET (but not an endpoint's signing secret), {@code admin} may do everything. Refusals are problem+json: 401 with
 * {@code WWW-Authenticate: Bearer} for a missing, unknown or revoked key, 403 for a read key that tries
 * to change something.
 */
final class AdminAccess implements Handler {

    private static final Set<HandlerType> READS = Set.of(HandlerType.GET, HandlerType.HEAD);
    private static final String CHALLENGE = "Bearer realm=\"junction\"";
    private static final String HOW_TO_SEND = "Send it as 'Authorization: Bearer <key>' (or 'X-Api-Key: <key>').";

    private final ApiKeyAuthenticator authenticator;
    private final Set<String> open;

    /** @param open paths under the guarded prefix that need no key */
    AdminAccess(ApiKeyAuthenticator authenticator, Set<String> open) {
        this.authenticator = authenticator;
        this.open = open;
    }

    @Override
    public void handle(Context ctx) {
        if (open.contains(ctx.path())) return;
        // Answers carry endpoint secrets and portal tokens (as the portal API's do), refusals the state of a key: no cache may keep them.
        ctx.header("Cache-Control", "no-store");
        String presented = presentedKey(ctx);
        Result result = presented == null ? new Result.Refused(Reason.MISSING) : authenticator.authenticate(presented);
        switch (result) {
            case Result.Refused refused -> {
                refuse(ctx, refused.reason(), ctx.header("Authorization"));
                ctx.skipRemainingHandlers();
            }
            case Result.Granted granted when granted.role() == ApiKey.Role.READ && !READS.contains(ctx.method()) -> {
                ctx.header("WWW-Authenticate", CHALLENGE + ", error=\"insufficient_scope\"");
                Problem.write(ctx, 403, "read-only-key", "Key may only read",
                        "The API key '" + granted.name() + "' has the role read, which allows only GET; " + ctx.method()
                                + " needs a key with the role admin.");
                ctx.skipRemainingHandlers();
            }
            case Result.Granted granted when granted.role() == ApiKey.Role.READ && readsSecret(ctx) -> {
                // A signing secret lets its holder forge webhooks to a customer: a dashboard's or on-call's key must not read it.
                ctx.header("WWW-Authenticate", CHALLENGE + ", error=\"insufficient_scope\"");
                Problem.write(ctx, 403, "read-only-key", "Key may not read secrets",
                        "The API key '" + granted.name() + "' has the role read, which does not read signing secrets: an endpoint's"
                                + " secret lets its holder sign webhooks its customer trusts. Use a key with the role admin.");
                ctx.skipRemainingHandlers();
            }
            case Result.Granted granted -> ctx.attribute("api-key", granted.name());
        }
    }

    /**
     * Whether the request is for an endpoint's signing secret. By the path as the router matches it: Javalin ignores
     * trailing slashes, so {@code .../secret/} is the same route, and a read key got the secret that way.
     */
    static boolean readsSecret(Context ctx) {
        String path = ctx.path();
        int end = path.length();
        while (end > 1 && path.charAt(end - 1) == '/') end--;
        return path.substring(0, end).endsWith("/secret");
    }

    /** The bearer token or X-Api-Key; null when neither is there or Authorization is another scheme. */
    private static String presentedKey(Context ctx) {
        return ctx.header("Authorization") != null ? bearer(ctx) : ctx.header("X-Api-Key");
    }

    /** The token of {@code Authorization: Bearer <token>}; null without that header or with another scheme. */
    static String bearer(Context ctx) {
        String authorization = ctx.header("Authorization");
        if (authorization == null) return null;
        String[] parts = authorization.strip().split("\\s+", 2);
        return parts.length == 2 && parts[0].toLowerCase(Locale.ROOT).equals("bearer") ? parts[1] : null;
    }

    private void refuse(Context ctx, Reason reason, String authorization) {
        switch (reason) {
            case MISSING -> {
                ctx.header("WWW-Authenticate", CHALLENGE);
                String detail;
                if (authorization != null && authorization.strip().equalsIgnoreCase("bearer")) {
                    detail = "The Authorization header has no key after Bearer (was the variable holding it empty?). " + HOW_TO_SEND;
                } else if (authorization != null) {
                    detail = "The Authorization header must use the Bearer scheme. " + HOW_TO_SEND;
                } else if (!authenticator.anyKeyExists()) {
                    detail = "This endpoint needs an API key and none exists yet. Create one with 'junction keys create NAME --role admin"
                            + " --config junction.yaml' (or start the gateway with JUNCTION_ADMIN_KEY set). " + HOW_TO_SEND;
                } else {
                    detail = "This endpoint needs an API key. " + HOW_TO_SEND;
                }
                Problem.write(ctx, 401, "missing-api-key", "API key required", detail);
            }
            case UNKNOWN -> {
                ctx.header("WWW-Authenticate", CHALLENGE + ", error=\"invalid_token\"");
                Problem.write(ctx, 401, "unknown-api-key", "Unknown API key",
                        "The gateway knows no such API key. Check that the whole key was copied; 'junction keys list' shows the keys that exist.");
            }
            case REVOKED -> {
                ctx.header("WWW-Authenticate", CHALLENGE + ", error=\"invalid_token\"");
                Problem.write(ctx, 401, "revoked-api-key", "API key revoked",
                        "This API key was revoked. Ask an operator for a new one ('junction keys create').");
            }
        }
    }
}
