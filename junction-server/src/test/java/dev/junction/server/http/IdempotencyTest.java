package dev.junction.server.http;

import dev.junction.core.idempotency.IdempotencyKeyHeader;
import dev.junction.core.idempotency.RequestFingerprint;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.core.config.OutboundSpec;
import dev.junction.store.TestDatabases;
import dev.junction.store.jdbc.JdbcStore;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Idempotency-Key wrapper over real sockets, on a real SQLite store, around handlers that count their runs.
 * The API key is taken from an {@code X-Test-Key} header here, where {@link AdminAccess} would set it.
 */
class IdempotencyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String KEY = "\"8e03978e-40d5-43e8-bc93-6894a57f9324\"";

    @TempDir
    Path dir;

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final AtomicInteger runs = new AtomicInteger();
    private final java.util.Set<String> known = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch entered = new CountDownLatch(1);
    private JdbcStore store;
    private Javalin app;

    private int start(boolean required) {
        store = TestDatabases.sqlite(dir);
        Idempotency idempotency = new Idempotency(store, clock, new OutboundSpec(List.of(), false, required, Duration.ofHours(24)));
        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.before(ctx -> ctx.attribute("api-key", ctx.header("X-Test-Key")));
            config.routes.post("/things", idempotency.idempotent(ctx -> ctx.status(201).contentType("application/json")
                    .result("{\"run\":" + runs.incrementAndGet() + "}")));
            config.routes.post("/things/{id}", idempotency.idempotent(ctx -> ctx.status(201).result("run " + runs.incrementAndGet())));
            config.routes.post("/slow", idempotency.idempotent(ctx -> {
                runs.incrementAndGet();
                entered.countDown();
                release.await(10, TimeUnit.SECONDS);
                ctx.status(202).result("done");
            }));
            config.routes.post("/fails", idempotency.idempotent(ctx -> {
                runs.incrementAndGet();
                throw new IllegalStateException("boom");
            }));
            config.routes.post("/validates", idempotency.idempotent(ctx -> {
                runs.incrementAndGet();
                if (ctx.body().isBlank()) throw new BadParameter("body", "The body must not be empty.");
                ctx.status(201).result("ok");
            }));
            config.routes.post("/store-fails-once", idempotency.idempotent(ctx -> {
                if (runs.incrementAndGet() == 1) throw new dev.junction.store.StoreException("store failed to pause destination x: database is locked", null);
                ctx.status(201).result("run " + runs.get());
            }));
            config.routes.post("/apps/{app}/messages", idempotency.idempotent(ctx -> {
                runs.incrementAndGet();
                if (!known.contains(ctx.pathParam("app"))) throw new NotFound("application", ctx.pathParam("app"));
                ctx.status(202).result("published");
            }));
            config.routes.post("/busy-once", idempotency.idempotent(ctx -> {
                if (runs.incrementAndGet() == 1) {
                    Idempotency.notRun(ctx);
                    ctx.header("Retry-After", "5");
                    Problem.write(ctx, 503, "overloaded", "Overloaded", "try again later");
                    return;
                }
                ctx.status(202).result("run " + runs.get());
            }));
            config.routes.exception(BadParameter.class, (e, ctx) -> Problem.badParameter(ctx, e.parameter(), e.getMessage()));
            config.routes.exception(NotFound.class, (e, ctx) -> Problem.write(ctx, 404, "not-found", "Not found", e.getMessage()));
            config.routes.exception(dev.junction.store.StoreException.class, (e, ctx) -> Problem.storeFailed(ctx, e));
        }).start("127.0.0.1", 0);
        return app.port();
    }

    @AfterEach
    void stop() {
        release.countDown();
        if (app != null) app.stop();
        if (store != null) store.close();
    }

    private HttpResponse<String> postAs(String apiKey, String path, String body, String... idempotencyKeys) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .header("X-Test-Key", apiKey).POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        for (String k : idempotencyKeys) b.header("Idempotency-Key", k);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body, String... idempotencyKeys) throws Exception {
        return postAs("ops", path, body, idempotencyKeys);
    }

    private static JsonNode problem(HttpResponse<String> r, int status, String type) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode p = JSON.readTree(r.body());
        assertThat(p.get("type").asText()).isEqualTo(type);
        return p;
    }

    @Test
    void aRetryGetsTheStoredResponseWithoutRunningAgain() throws Exception {
        start(false);
        HttpResponse<String> first = post("/things", "{\"a\": 1, \"b\": [1, 2]}", KEY);
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
        // The same object, keys reordered and spaced differently: the same request.
        HttpResponse<String> retry = post("/things", "{\"b\":[1,2],\n \"a\":1}", KEY);
        assertThat(retry.statusCode()).isEqualTo(201);
        assertThat(retry.body()).isEqualTo(first.body()).isEqualTo("{\"run\":1}");
        assertThat(retry.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(runs).hasValue(1);
    }

    @Test
    void withoutAKeyEveryRequestRunsUnlessConfigRequiresOne() throws Exception {
        start(false);
        post("/things", "{}");
        post("/things", "{}");
        assertThat(runs).hasValue(2);
    }

    @Test
    void theSameKeyWithAnotherBodyIs422AndRunsNothing() throws Exception {
        start(false);
        post("/things", "{\"amount\": 1}", KEY);
        JsonNode p = problem(post("/things", "{\"amount\": 2}", KEY), 422, "/problems/idempotency-key-reused");
        assertThat(p.get("detail").asText()).contains("new key");
        assertThat(runs).hasValue(1);
    }

    @Test
    void theSameKeyOnAnotherPathOfTheRouteIs422() throws Exception {
        start(false);
        post("/things/1", "{}", KEY);
        problem(post("/things/2", "{}", KEY), 422, "/problems/idempotency-key-reused");
        assertThat(post("/things", "{}", KEY).statusCode()).as("another route is another scope").isEqualTo(201);
        assertThat(runs).hasValue(2);
    }

    @Test
    void aRetryWhileTheFirstRunsIs409WithRetryAfterAndThenGetsTheResponse() throws Exception {
        start(false);
        CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> {
            try {
                return post("/slow", "{}", KEY);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        HttpResponse<String> meanwhile = post("/slow", "{}", KEY);
        problem(meanwhile, 409, "/problems/idempotency-key-in-flight");
        assertThat(meanwhile.headers().firstValue("Retry-After")).contains("1");
        release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(202);
        HttpResponse<String> after = post("/slow", "{}", KEY);
        assertThat(after.statusCode()).isEqualTo(202);
        assertThat(after.body()).isEqualTo("done");
        assertThat(after.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(runs).hasValue(1);
    }

    @Test
    void whenConfigRequiresAKeyARequestWithoutOneIs400AndDoesNotRun() throws Exception {
        start(true);
        JsonNode p = problem(post("/things", "{}"), 400, "/problems/idempotency-key-missing");
        assertThat(p.get("detail").asText()).contains("Idempotency-Key");
        assertThat(runs).hasValue(0);
        assertThat(post("/things", "{}", KEY).statusCode()).isEqualTo(201);
    }

    @Test
    void twoHeadersAMalformedOrOverlongKeyAre400() throws Exception {
        start(false);
        problem(post("/things", "{}", "\"a\"", "\"b\""), 400, "/problems/idempotency-key-invalid");
        problem(post("/things", "{}", "\"a\", \"b\""), 400, "/problems/idempotency-key-invalid");
        problem(post("/things", "{}", "\"unterminated"), 400, "/problems/idempotency-key-invalid");
        problem(post("/things", "{}", "\"\""), 400, "/problems/idempotency-key-invalid");
        // Blanks only were a key, one that every client sending them would share.
        assertThat(problem(post("/things", "{}", "\"   \""), 400, "/problems/idempotency-key-invalid").get("detail").asText())
                .isEqualTo("The key is only blanks: send a fresh random value per operation, such as a UUID.");
        JsonNode p = problem(post("/things", "{}", "\"" + "k".repeat(256) + "\""), 400, "/problems/idempotency-key-invalid");
        assertThat(p.get("detail").asText()).contains("at most 255", "was 256");
        assertThat(post("/things", "{}", "\"" + "k".repeat(255) + "\"").statusCode()).isEqualTo(201);
        assertThat(runs).hasValue(1);
    }

    @Test
    void aBareKeyIsTheSameKeyAsItsQuotedForm() throws Exception {
        start(false);
        post("/things", "{}", "8e03978e-40d5-43e8-bc93-6894a57f9324");
        assertThat(post("/things", "{}", KEY).headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(runs).hasValue(1);
    }

    @Test
    void keysAreScopedToTheApiKeyThatSentThem() throws Exception {
        start(false);
        postAs("ops", "/things", "{}", KEY);
        HttpResponse<String> other = postAs("ci", "/things", "{\"other\": true}", KEY);
        assertThat(other.statusCode()).isEqualTo(201);
        assertThat(other.body()).isEqualTo("{\"run\":2}");
        assertThat(other.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(postAs("ops", "/things", "{}", KEY).body()).isEqualTo("{\"run\":1}");
    }

    @Test
    void aKeyExpiresAfterItsTtlAndThenRunsAgain() throws Exception {
        start(false);
        post("/things", "{}", KEY);
        clock.advance(Duration.ofHours(24).minusSeconds(1));
        assertThat(post("/things", "{}", KEY).body()).isEqualTo("{\"run\":1}");
        clock.advance(Duration.ofSeconds(1));
        HttpResponse<String> fresh = post("/things", "{\"now\": \"another request\"}", KEY);
        assertThat(fresh.body()).isEqualTo("{\"run\":2}");
        assertThat(fresh.headers().firstValue("Idempotent-Replayed")).isEmpty();
    }

    @Test
    void aFailureIsStoredAndReplayedLikeAnyResponse() throws Exception {
        start(false);
        HttpResponse<String> first = post("/fails", "{}", KEY);
        problem(first, 500, "/problems/internal");
        HttpResponse<String> retry = post("/fails", "{}", KEY);
        problem(retry, 500, "/problems/internal");
        assertThat(retry.body()).isEqualTo(first.body()).doesNotContain("boom");
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(runs).hasValue(1);
    }

    @Test
    void aRequestRefusedAsInvalidStoresNothingSoACorrectedRetryRuns() throws Exception {
        start(false);
        problem(post("/validates", "", KEY), 400, "/problems/bad-parameter");
        HttpResponse<String> corrected = post("/validates", "{\"x\": 1}", KEY);
        assertThat(corrected.statusCode()).isEqualTo(201);
        assertThat(corrected.headers().firstValue("Idempotent-Replayed")).isEmpty();
    }

    @Test
    void anUnknownResourceIs404AndStoresNothingSoTheRetryRunsOnceItExists() throws Exception {
        start(false);
        problem(post("/apps/acme/messages", "{}", KEY), 404, "/problems/not-found");
        known.add("acme");
        HttpResponse<String> retry = post("/apps/acme/messages", "{}", KEY);
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(202);
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(runs).hasValue(2);
    }

    @Test
    void aRefusalThatDidNothingIsNotStoredSoTheRetryItAsksForRuns() throws Exception {
        start(false);
        problem(post("/busy-once", "{}", KEY), 503, "/problems/overloaded");
        HttpResponse<String> retry = post("/busy-once", "{}", KEY);
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(202);
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).isEmpty();
        HttpResponse<String> again = post("/busy-once", "{}", KEY);
        assertThat(again.body()).isEqualTo("run 2");
        assertThat(again.headers().firstValue("Idempotent-Replayed")).contains("true");
    }

    @Test
    void aClaimWhoseHolderDiedIsTakenOverOnceItsLockPasses() throws Exception {
        start(false);
        String scope = "ops POST /things";
        String fingerprint = RequestFingerprint.of("POST", "/things", "{}".getBytes(StandardCharsets.UTF_8));
        store.claimIdempotencyKey(scope, "dead-holder", fingerprint, clock.instant(), Idempotency.LOCK, Duration.ofHours(24));
        problem(post("/things", "{}", "\"dead-holder\""), 409, "/problems/idempotency-key-in-flight");
        clock.advance(Idempotency.LOCK);
        assertThat(post("/things", "{}", "\"dead-holder\"").statusCode()).isEqualTo(201);
        assertThat(runs).hasValue(1);
    }

    /** A clock the test moves by hand. */
    private static final class SettableClock extends Clock {
        private volatile Instant now;

        SettableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aStoreFailureIs503AndLetsTheKeyGoSoTheRetryRunsRatherThanReplaysIt() throws Exception {
        start(false);
        HttpResponse<String> first = post("/store-fails-once", "{}", KEY);
        problem(first, 503, "/problems/store-unavailable");
        assertThat(first.headers().firstValue("Retry-After")).hasValue("5");
        HttpResponse<String> retry = post("/store-fails-once", "{}", KEY);
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(201);
        assertThat(retry.body()).isEqualTo("run 2");
        assertThat(retry.headers().firstValue(Idempotency.REPLAYED)).isEmpty();
        HttpResponse<String> again = post("/store-fails-once", "{}", KEY);
        assertThat(again.body()).as("the success is what is kept").isEqualTo("run 2");
        assertThat(again.headers().firstValue(Idempotency.REPLAYED)).hasValue("true");
        assertThat(runs).hasValue(2);
    }
}
