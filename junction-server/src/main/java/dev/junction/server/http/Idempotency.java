package dev.junction.server.http;

import dev.junction.core.idempotency.IdempotencyKeyHeader;
import dev.junction.core.idempotency.RequestFingerprint;
import dev.junction.core.config.OutboundSpec;
import dev.junction.server.auth.ApiKeys;
import dev.junction.store.IdempotencyKeys;
import dev.junction.store.IdempotencyRecord;
import dev.junction.store.StoreException;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code Idempotency-Key} for the admin API's POSTs (draft-ietf-httpapi-idempotency-key-header-07): a wrapped
 * handler runs once per key; a retry with the same key and request gets the first response again, byte for byte,
 * with {@code Idempotent-Replayed: true}. A key is scoped to the API key that sent it and to the method and route;
 * it is compared with a {@link RequestFingerprint}. The same key with another request is a 422, a retry while the
 * first still runs a 409. Responses are stored errors included (as Stripe does), except refusals before the
 * handler did anything: a bad parameter, an unknown resource, a refused URL, or what the guard refused (a 401 never
 * reaches the wrapper).
 */
public final class Idempotency {

    private static final Logger log = LoggerFactory.getLogger(Idempotency.class);

    /** How long a claim holds before a retry may take it over: a request that runs longer may run twice. */
    static final Duration LOCK = Duration.ofSeconds(60);
    static final String REPLAYED = "Idempotent-Replayed";
    private static final String NOT_RUN = "idempotency-not-run";
    private static final String RUNNING = "idempotency-running";

    private final IdempotencyKeys store;
    private final Clock clock;
    private final boolean required;
    private final Duration ttl;

    public Idempotency(IdempotencyKeys store, Clock clock, OutboundSpec outbound) {
        this.store = store;
        this.clock = clock;
        this.required = outbound.requireIdempotencyKey();
        this.ttl = outbound.idempotencyTtl();
    }

    /**
     * {@code handler}, run at most once per idempotency key; without a key it runs, unless
     * {@code outbound.require-idempotency-key} requires one (publishing, replay by filter, a review's decision).
     */
    public Handler idempotent(Handler handler) {
        return ctx -> handle(ctx, handler, required);
    }

    /**
     * {@code handler}, run at most once per idempotency key when one is sent, and simply run without one even where
     * keys are required: for every other POST, which the dashboard, the portal and the CLI send without a key.
     */
    public Handler honoured(Handler handler) {
        return ctx -> handle(ctx, handler, false);
    }

    private void handle(Context ctx, Handler handler, boolean required) throws Exception {
        List<String> headers = Collections.list(ctx.req().getHeaders(IdempotencyKeyHeader.NAME));
        if (headers.isEmpty()) {
            if (required) {
                Problem.write(ctx, 400, "idempotency-key-missing", "Idempotency-Key required",
                        "This gateway requires an Idempotency-Key header on " + ctx.method() + " " + ctx.path()
                                + ": send a fresh random value per operation, e.g. Idempotency-Key: \"" + java.util.UUID.randomUUID() + "\".");
                return;
            }
            handler.handle(ctx);
            return;
        }
        String key;
        try {
            key = IdempotencyKeyHeader.parseSingle(headers);
        } catch (IdempotencyKeyHeader.Invalid e) {
            Problem.write(ctx, 400, "idempotency-key-invalid", "Invalid Idempotency-Key", e.getMessage());
            return;
        }
        String scope = scope(ctx);
        String query = ctx.queryString();
        String fingerprint = RequestFingerprint.of(ctx.method().name(), ctx.path() + (query == null ? "" : "?" + query), ctx.bodyAsBytes());
        Optional<IdempotencyRecord> held = store.claimIdempotencyKey(scope, key, fingerprint, clock.instant(), LOCK, ttl);
        if (held.isPresent()) {
            answerFrom(ctx, held.get(), fingerprint);
            return;
        }
        run(ctx, handler, scope, key, fingerprint);
    }

    /**
     * Marks the answer being written as a refusal that did nothing (e.g. a 503 that says to try again later): it is
     * not stored under the key, so the retry the answer asks for runs instead of getting the refusal back.
     */
    static void notRun(Context ctx) {
        ctx.attribute(NOT_RUN, Boolean.TRUE);
    }

    /**
     * While a handler runs under an Idempotency-Key: a value that names this key and this request (the scope, the key
     * and the request's fingerprint, hashed), so the handler can make its own write unique by it. The key's answer is
     * stored after the handler's transaction; a crash in between leaves the key claimed, and the retry that takes it
     * over runs the handler again: a write keyed by this value finds the first one instead of doing it twice.
     * Null without a key.
     */
    static String runningKey(Context ctx) {
        return ctx.attribute(RUNNING);
    }

    /**
     * The API key's name (set by {@link AdminAccess}) or, on the portal's API, the link's application (its paths do not
     * name it, so one customer's key never answers another's request), the method and the route as registered.
     */
    private static String scope(Context ctx) {
        String owner = ctx.attribute("api-key");
        if (owner == null) owner = PortalAccess.appId(ctx);
        return (owner == null ? "-" : owner) + " " + ctx.method().name() + " " + ctx.endpoint().path;
    }

    private void answerFrom(Context ctx, IdempotencyRecord held, String fingerprint) {
        if (!held.fingerprint().equals(fingerprint)) {
            Problem.write(ctx, 422, "idempotency-key-reused", "Idempotency-Key reused",
                    "This Idempotency-Key was first used with a different request (method, path or body). Use a new key for a new request.");
        } else if (held.state() == IdempotencyRecord.State.IN_FLIGHT) {
            ctx.header("Retry-After", "1");
            Problem.write(ctx, 409, "idempotency-key-in-flight", "Request still in progress",
                    "The first request with this Idempotency-Key has not finished yet; retry after a second to get its response.");
        } else {
            IdempotencyRecord.Response r = held.response();
            ctx.status(r.status()).header(REPLAYED, "true").result(r.body());
            if (r.contentType() != null) ctx.contentType(r.contentType());
        }
    }

    private void run(Context ctx, Handler handler, String scope, String key, String fingerprint) throws Exception {
        ctx.attribute(RUNNING, ApiKeys.sha256(scope + "\n" + key + "\n" + fingerprint).substring(0, 40));
        try {
            handler.handle(ctx);
        } catch (BadParameter | NotFound | RefusedUrl | HttpResponseException e) {
            // Refused before it ran (Stripe stores nothing for a validation error): a corrected retry may use the key,
            // e.g. a publish to an application created after the first try. Caught here, a 404 would become a stored 500.
            release(scope, key, fingerprint);
            throw e;
        } catch (StoreException e) {
            // The store failed, so its transaction did not commit: the key is let go (a retry runs it, not replays a 503).
            release(scope, key, fingerprint);
            throw e;
        } catch (Exception e) {
            log.error("request to {} failed", ctx.path(), e);
            Problem.internal(ctx);
        } catch (Error e) {
            release(scope, key, fingerprint);
            throw e;
        }
        if (Boolean.TRUE.equals(ctx.attribute(NOT_RUN))) {
            release(scope, key, fingerprint);
            return;
        }
        byte[] body = resultBytes(ctx);
        try {
            store.completeIdempotencyKey(scope, key, fingerprint,
                    new IdempotencyRecord.Response(ctx.statusCode(), ctx.res().getContentType(), body));
        } catch (StoreException e) {
            // The work is done and answered; a retry after the lock passes would run it again, as after a crash.
            log.warn("could not store the response for an Idempotency-Key on {}: {}", ctx.path(), e.getMessage());
        }
    }

    private void release(String scope, String key, String fingerprint) {
        try {
            store.releaseIdempotencyKey(scope, key, fingerprint);
        } catch (StoreException e) {
            log.warn("could not release an Idempotency-Key: {}", e.getMessage());
        }
    }

    /** Reads the response body and puts it back, so it is both stored and sent. */
    private static byte[] resultBytes(Context ctx) {
        InputStream in = ctx.resultInputStream();
        if (in == null) return new byte[0];
        try (in) {
            byte[] bytes = in.readAllBytes();
            ctx.result(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
