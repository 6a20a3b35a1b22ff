package dev.junction.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.core.config.DestinationSpec;
import dev.junction.core.event.EventTypeGlob;
import dev.junction.core.model.Ids;
import dev.junction.core.net.Cidr;
import dev.junction.core.net.UrlVerdict;
import dev.junction.engine.Pipeline;
import dev.junction.engine.deliver.Dispatcher;
import dev.junction.engine.outbound.Publisher;
import dev.junction.store.App;
import dev.junction.store.Endpoint;
import dev.junction.store.EventType;
import dev.junction.store.OutboundApps;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An application's endpoints, in one {@link AppScope}: the admin API's or a portal link's. Endpoints are data:
 * created, edited and deleted here at run time, each with a {@code whsec_} secret generated at creation, and
 * each can be sent a test event.
 */
final class EndpointApi {

    private static final Set<String> FIELDS = Set.of("url", "description", "filter_types", "channels", "headers", "rate_limit", "disabled");
    private static final Duration DEFAULT_GRACE = Duration.ofHours(24);
    private static final Duration MAX_GRACE = Duration.ofDays(7);

    private final AppScope scope;
    private final OutboundApps store;
    private final Pipeline pipeline;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Ids ids;
    private final TestSends testSends;
    private final Idempotency idempotency;

    EndpointApi(AppScope scope, Pipeline pipeline, Clock clock, Idempotency idempotency) {
        this.idempotency = idempotency;
        this.scope = scope;
        this.store = pipeline.store();
        this.pipeline = pipeline;
        this.clock = clock;
        this.ids = new Ids(clock, random);
        this.testSends = new TestSends(clock);
    }

    void register(RoutesConfig routes) {
        routes.post(scope.path("/endpoints"), idempotency.honoured(this::create));
        routes.get(scope.path("/endpoints"), this::list);
        routes.get(scope.path("/endpoints/{id}"), ctx -> json(ctx, 200, Views.endpoint(scope.endpoint(ctx))));
        routes.patch(scope.path("/endpoints/{id}"), this::patch);
        routes.delete(scope.path("/endpoints/{id}"), this::delete);
        routes.get(scope.path("/endpoints/{id}/secret"), this::secret);
        // Not under an Idempotency-Key: its answer is the new secret, which the key's stored answer would keep. A retry is
        // refused instead (409 rotation-in-progress while the first rotation's grace runs; GET .../secret reads the key).
        routes.post(scope.path("/endpoints/{id}/secret/rotate"), this::rotate);
        routes.post(scope.path("/endpoints/{id}/test"), idempotency.honoured(this::test));
    }

    /** Each endpoint multiplies every publish: a customer (through the portal too) may not have more than this many. */
    static final int MAX_ENDPOINTS = 50;
    /** Headers of an endpoint's own: each goes with every delivery. */
    static final int MAX_HEADERS = 20;
    static final int MAX_HEADER_VALUE = 1024;
    /** Filters and channels an endpoint may list: a customer's page and every publish read them. */
    static final int MAX_FILTERS = 100;
    /** As the portal's form allows: a description is a label in a table, not a document. */
    static final int MAX_DESCRIPTION = 500;

    private void create(Context ctx) {
        App app = scope.app(ctx);
        BodyFields body = BodyFields.of(ctx.bodyAsBytes(), FIELDS);
        if (store.endpoints(app.id()).size() >= MAX_ENDPOINTS) {
            Problem.write(ctx, 409, "too-many-endpoints", "Too many endpoints", "Application '" + app.uid() + "' has " + MAX_ENDPOINTS
                    + " endpoints, the most one may have: each is sent every matching message. Delete one, or give one filter_types or channels.");
            return;
        }
        Instant now = storedNow();
        Endpoint e = new Endpoint(ids.next(Dispatcher.ENDPOINT_PREFIX.substring(0, 2)), app.id(), url(body.requiredText("url", 2000)),
                body.text("description", MAX_DESCRIPTION), filterTypes(body), body.strings("channels", MAX_FILTERS), headers(body),
                body.integer("rate_limit", 0, 0, 100_000), Boolean.TRUE.equals(body.bool("disabled")), newSecret(), null, null, now, now);
        store.createEndpoint(e);
        json(ctx, 201, Views.endpoint(e));
    }

    /** An application's endpoints by id, paged like every list (an application has few: they are read at once). */
    private void list(Context ctx) {
        Params.only(ctx, Set.of("cursor", "limit"));
        Paging.Request page = Paging.read(ctx, "endpoints");
        List<Endpoint> endpoints = store.endpoints(scope.app(ctx).id()).stream().sorted(Comparator.comparing(Endpoint::id)).toList();
        Paging.writeSorted(ctx, page, endpoints, Endpoint::id, Views::endpoint);
    }

    private void patch(Context ctx) {
        Endpoint e = scope.endpoint(ctx);
        BodyFields body = BodyFields.of(ctx.bodyAsBytes(), FIELDS);
        Endpoint changed = new Endpoint(e.id(), e.appId(), body.has("url") ? url(body.requiredText("url", 2000)) : e.url(),
                body.has("description") ? body.text("description", MAX_DESCRIPTION) : e.description(),
                body.has("filter_types") ? filterTypes(body) : e.filterTypes(),
                body.has("channels") ? body.strings("channels", MAX_FILTERS) : e.channels(),
                body.has("headers") ? headers(body) : e.headers(), body.integer("rate_limit", e.rateLimit(), 0, 100_000),
                body.has("disabled") ? body.bool("disabled") : e.disabled(), e.secret(), e.previousSecret(), e.previousExpiresAt(),
                e.createdAt(), clock.instant());
        store.updateEndpoint(changed, clock.instant());
        pipeline.endpointStatus().edited(e, changed);
        json(ctx, 200, Views.endpoint(store.endpoint(e.id()).orElse(changed)));
    }

    private void delete(Context ctx) {
        Endpoint e = scope.endpoint(ctx);
        store.deleteEndpoint(e.id());
        pipeline.endpoints().forget(e.id());
        ctx.status(204);
    }

    private void secret(Context ctx) {
        json(ctx, 200, Problem.JSON.createObjectNode().put("key", scope.endpoint(ctx).secret()));
    }

    /**
     * A new secret at once; the old one keeps signing (both signatures on every delivery) until the grace ends. An endpoint
     * signs with two secrets at most, so a rotation during another's grace is refused (it would end the promised grace of
     * the oldest at once), unless its grace is 0s: ending every old secret now, as after a leak.
     */
    private void rotate(Context ctx) {
        Endpoint e = scope.endpoint(ctx);
        BodyFields body = BodyFields.of(ctx.bodyAsBytes(), Set.of("grace"));
        Duration grace = body.has("grace") ? grace(body.text("grace")) : DEFAULT_GRACE;
        Instant now = storedNow();
        if (!grace.isZero() && e.rotating(now)) {
            Problem.write(ctx, 409, "rotation-in-progress", "A rotation is in progress", "The secret before this one still signs until "
                    + e.previousExpiresAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + ", as its rotation promised: rotating again"
                    + " now would end it at once, and receivers still on it would refuse every webhook. Rotate again after then, or with"
                    + " {\"grace\": \"0s\"} to end every old secret now (after a leak).");
            return;
        }
        Endpoint rotated = new Endpoint(e.id(), e.appId(), e.url(), e.description(), e.filterTypes(), e.channels(), e.headers(),
                e.rateLimit(), e.disabled(), newSecret(), e.secret(), grace.isZero() ? null : now.plus(grace), e.createdAt(), now);
        store.updateEndpoint(rotated, now);
        pipeline.endpoints().forget(e.id());
        json(ctx, 200, Problem.JSON.createObjectNode().put("key", rotated.secret())
                .put("previousExpiresAt", rotated.previousExpiresAt() == null ? null : rotated.previousExpiresAt().toString()));
    }

    /** A {@value Publisher#TEST_EVENT_TYPE} message to this endpoint alone, answered as a publish is. */
    private void test(Context ctx) {
        Endpoint e = scope.endpoint(ctx);
        BodyFields.of(ctx.bodyAsBytes(), Set.of());
        int wait = testSends.take(e.id());
        if (wait > 0) {
            ctx.header("Retry-After", Integer.toString(wait));
            Problem.write(ctx, 429, "rate-limited", "Too many test events", "An endpoint may be sent " + TestSends.PER_MINUTE
                    + " test events a minute; nothing was sent. Retry after " + wait + " s.");
            return;
        }
        ObjectNode payload = Problem.JSON.createObjectNode().put("type", Publisher.TEST_EVENT_TYPE)
                .put("timestamp", clock.instant().toString());
        payload.putObject("data").put("endpointId", e.id()).put("message", "A test event from Junction: this endpoint receives webhooks.");
        PublishApi.answer(ctx, pipeline.publisher().publishTest(scope.app(ctx), e, payload.toString().getBytes(StandardCharsets.UTF_8),
                Traces.of(ctx)), Publisher.TEST_EVENT_TYPE);
    }

    /** Now, as it reads back from the store (to the millisecond), so an answer says the times a list will. */
    private Instant storedNow() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
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
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getRawAuthority() == null) {
            throw new BadParameter("url", "'url' must be an absolute http:// or https:// URL with a host");
        }
        // 0177.0.0.1 is 127.0.0.1 to curl and browsers, 177.0.0.1 to the JDK: no one reading of it can be checked.
        if (uri.getHost() == null || Cidr.ambiguousIpv4(uri.getHost())) {
            throw new BadParameter("url", "'url' has a host that is neither a DNS name nor an IP address written in full"
                    + " (such as 127.1, 0x7f.0.0.1, 0177.0.0.1 with a leading zero, or a name ending in a dot): write it out");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) throw new BadParameter("url", "'url' has port " + uri.getPort() + ": a port is 1 to 65535");
        if (uri.getRawUserInfo() != null) throw new BadParameter("url", "'url' must not carry credentials; use 'headers'");
        // Customers choose these URLs: one that points inside the operator's network is refused (SSRF).
        UrlVerdict verdict = pipeline.outboundPolicy().checkUrl(uri);
        if (!verdict.allowed()) throw new RefusedUrl(verdict.refusal());
        return uri.toString();
    }

    /** Patterns by a route's rule that can match a published type: a filter that never matches would drop every message. */
    private static List<String> filterTypes(BodyFields body) {
        List<String> globs = body.strings("filter_types", MAX_FILTERS);
        if (globs == null) return null;
        for (int i = 0; i < globs.size(); i++) {
            String glob = globs.get(i);
            String problem = EventTypeGlob.problem(glob);
            if (problem == null && !EventType.NAME_PATTERN.matcher(glob).matches()) {
                problem = "can never match: a published event_type holds " + EventType.CHARACTERS_IN_WORDS + " only (and a pattern * too)";
            }
            if (problem != null) throw new BadParameter("filter_types", "'filter_types[" + i + "]' \"" + glob + "\" " + problem);
        }
        return globs;
    }

    private static Map<String, String> headers(BodyFields body) {
        Map<String, String> headers = body.stringMap("headers");
        if (headers == null) return Map.of();
        if (headers.size() > MAX_HEADERS) throw new BadParameter("headers", "headers: at most " + MAX_HEADERS + ", was " + headers.size() + ".");
        for (Map.Entry<String, String> h : headers.entrySet()) {
            String problem = DestinationSpec.headerProblem(h.getKey(), h.getValue());
            if (problem == null && h.getKey().equalsIgnoreCase("Content-Type")) problem = "'Content-Type' is application/json on every webhook";
            if (problem == null && h.getValue().length() > MAX_HEADER_VALUE) {
                problem = "'" + h.getKey() + "' is " + h.getValue().length() + " characters long, at most " + MAX_HEADER_VALUE;
            }
            if (problem != null) throw new BadParameter("headers", "headers: " + problem + ".");
        }
        return headers;
    }

    private String newSecret() {
        byte[] key = new byte[32];
        random.nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    static void json(Context ctx, int status, ObjectNode body) {
        ctx.status(status).contentType("application/json").result(body.toString());
    }
}
