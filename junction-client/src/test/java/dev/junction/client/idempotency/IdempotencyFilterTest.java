package dev.junction.client.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.junction.client.ManualClock;
import dev.junction.client.jdbc.TestDatabases;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The filter in a real servlet container (Jetty 12), its keys in real PostgreSQL, MariaDB and SQLite. */
class IdempotencyFilterTest {

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-30T12:00:00Z"));
    private HikariDataSource db;
    private FilterServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) server.close();
        if (db != null) db.close();
        http.close();
    }

    private void start(TestDatabases.Kind kind, UnaryOperator<IdempotencyConfig.Builder> settings) throws Exception {
        db = TestDatabases.fresh(kind, dir);
        IdempotencyConfig config = settings.apply(IdempotencyConfig.custom().clock(clock)
                .clientIdentity(r -> r.getHeader("X-Client"))).build();
        server = new FilterServer(new IdempotencyFilter(new IdempotencyStore(db), config));
    }

    private HttpRequest post(String path, String body, String key, String client) {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) b.header("Idempotency-Key", key);
        if (client != null) b.header("X-Client", client);
        return b.build();
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static void assertProblem(HttpResponse<String> r, int status, String type) {
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(r.body()).contains("\"type\":\"/problems/" + type + "\"");
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void concurrentIdenticalRequestsRunTheHandlerOnceAndARepeatReplaysItsAnswer(TestDatabases.Kind kind) throws Exception {
        start(kind, b -> b);
        CountDownLatch gate = new CountDownLatch(1);
        server.holdAt(gate);
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            answers.add(http.sendAsync(post("/orders", "{\"sku\":\"A-1\",\"qty\":2}", "\"order-1\"", "acme"), HttpResponse.BodyHandlers.ofString()));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> answers.stream().filter(CompletableFuture::isDone).count() == 7);
        gate.countDown();
        List<HttpResponse<String>> done = answers.stream().map(CompletableFuture::join).toList();
        assertThat(server.runs).hasValue(1);
        assertThat(done).filteredOn(r -> r.statusCode() == 201).hasSize(1);
        assertThat(done).filteredOn(r -> r.statusCode() == 409).hasSize(7)
                .allSatisfy(r -> assertProblem(r, 409, "idempotency-key-in-flight"));

        HttpResponse<String> first = done.stream().filter(r -> r.statusCode() == 201).findFirst().orElseThrow();
        HttpResponse<String> repeat = send(post("/orders", "{\"qty\": 2, \"sku\": \"A-1\"}", "\"order-1\"", "acme"));
        assertThat(repeat.statusCode()).isEqualTo(201);
        assertThat(repeat.body()).isEqualTo(first.body()).isEqualTo("{\"order\":1}");
        assertThat(repeat.headers().firstValue("Location")).contains("/orders/1");
        assertThat(repeat.headers().firstValue("X-Order-Size")).isEqualTo(first.headers().firstValue("X-Order-Size"));
        assertThat(repeat.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(repeat.headers().firstValue(IdempotencyFilter.REPLAYED)).contains("true");
        assertThat(repeat.headers().allValues("X-Request-Id")).as("set for this request by a filter in front, not replayed")
                .hasSize(1).doesNotContain(first.headers().firstValue("X-Request-Id").orElseThrow());
        assertThat(server.runs).hasValue(1);
    }

    /** sendError: the container's error page is the answer, and nothing is stored under the key. */
    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void anErrorPageTheContainerRendersIsSentAndTheKeyLetGo(TestDatabases.Kind kind) throws Exception {
        start(kind, b -> b);
        HttpResponse<String> first = send(post("/refuses", "{\"sku\":\"A-1\"}", "\"order-7\"", "acme"));
        assertThat(first.statusCode()).isEqualTo(415);
        assertThat(first.body()).as("the container's page, not an empty body").contains("415");
        HttpResponse<String> retry = send(post("/refuses", "{\"sku\":\"A-1\"}", "\"order-7\"", "acme"));
        assertThat(retry.statusCode()).isEqualTo(415);
        assertThat(retry.headers().firstValue(IdempotencyFilter.REPLAYED)).isEmpty();
        assertThat(server.runs).as("let go, so the retry ran").hasValue(2);
    }

    /** The store unreachable: the request does not run, and the client is told to retry with the same key. */
    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void aStoreThatCannotClaimTheKeyIs503ProblemAndNothingRuns(TestDatabases.Kind kind) throws Exception {
        start(kind, b -> b);
        db.close();
        HttpResponse<String> r = send(post("/orders", "{\"sku\":\"A-1\"}", "\"order-5\"", "acme"));
        assertProblem(r, 503, "idempotency-store-unavailable");
        assertThat(r.headers().firstValue("Retry-After")).contains("1");
        assertThat(server.runs).hasValue(0);
    }

    /** The docs' identity, a header that a client may leave out: such a request is keyed as anonymous, not a 500. */
    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void anIdentityThatNamesNobodyScopesTheKeyAsAnonymous(TestDatabases.Kind kind) throws Exception {
        start(kind, b -> b.clientIdentity(request -> request.getHeader("X-Api-Client")));

        HttpResponse<String> first = send(post("/orders", "{\"sku\":\"A-1\"}", "\"order-9\"", null));
        HttpResponse<String> repeat = send(post("/orders", "{\"sku\":\"A-1\"}", "\"order-9\"", null));
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(repeat.statusCode()).isEqualTo(201);
        assertThat(repeat.headers().firstValue(IdempotencyFilter.REPLAYED)).contains("true");
        assertThat(server.runs).hasValue(1);

        // A client that calls itself "anonymous" is not the callers without an identity: its key runs on its own.
        HttpResponse<String> named = send(HttpRequest.newBuilder(server.uri("/orders")).header("Content-Type", "application/json")
                .header("Idempotency-Key", "\"order-9\"").header("X-Api-Client", "anonymous")
                .POST(HttpRequest.BodyPublishers.ofString("{\"sku\":\"A-1\"}")).build());
        assertThat(named.headers().firstValue(IdempotencyFilter.REPLAYED)).isEmpty();
        assertThat(server.runs).hasValue(2);
    }

    /** The store refuses the answer (too large for it, or failing just then) after the handler ran: the probe's 17 MB on MariaDB. */
    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void anAnswerTheStoreRefusesIsStillSentAndARetryIsToldItRanInsteadOfRunningItAgain(TestDatabases.Kind kind) throws Exception {
        start(kind, b -> b.lock(Duration.ofSeconds(30)));
        send(post("/orders", "{}", "\"warm-up\"", "setup")); // the filter's tables exist from here
        try (java.sql.Connection c = db.getConnection(); java.sql.Statement st = c.createStatement()) {
            st.execute("DELETE FROM junction_idempotency_keys");
            st.execute(switch (kind) {
                case POSTGRESQL -> "ALTER TABLE junction_idempotency_keys ADD CONSTRAINT no_orders CHECK (body IS NULL OR position('\"order\"'::bytea in body) = 0)";
                case MARIADB -> "ALTER TABLE junction_idempotency_keys ADD CONSTRAINT no_orders CHECK (body IS NULL OR LOCATE('\"order\"', body) = 0)";
                case SQLITE -> "CREATE TRIGGER no_orders BEFORE UPDATE ON junction_idempotency_keys WHEN instr(CAST(NEW.body AS TEXT), '\"order\"') > 0"
                        + " BEGIN SELECT RAISE(ABORT, 'refused'); END";
            });
        }
        int before = server.runs.get();

        HttpResponse<String> first = send(post("/orders", "{\"sku\":\"A-1\"}", "\"order-7\"", "acme"));
        HttpResponse<String> retry = send(post("/orders", "{\"sku\":\"A-1\"}", "\"order-7\"", "acme"));
        clock.advance(Duration.ofMinutes(5));
        HttpResponse<String> later = send(post("/orders", "{\"sku\":\"A-1\"}", "\"order-7\"", "acme"));

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(first.body()).startsWith("{\"order\":");
        for (HttpResponse<String> r : List.of(retry, later)) {
            assertProblem(r, 409, "idempotent-answer-lost");
            assertThat(r.body()).contains("it answered 201");
        }
        assertThat(server.runs.get() - before).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void theSameKeyWithAnotherPayloadIs422(TestDatabases.Kind kind) throws Exception {
        start(kind, b -> b);
        assertThat(send(post("/orders", "{\"qty\":1}", "\"k-1\"", null)).statusCode()).isEqualTo(201);
        assertProblem(send(post("/orders", "{\"qty\":2}", "\"k-1\"", null)), 422, "idempotency-key-reused");
        assertThat(server.runs).hasValue(1);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void aMissingKeyIs400WhereRequiredAndAnInvalidOneAlways(TestDatabases.Kind kind) throws Exception {
        start(kind, b -> b.required(true));
        assertProblem(send(post("/orders", "{}", null, null)), 400, "idempotency-key-missing");
        assertProblem(send(post("/orders", "{}", "\"\"", null)), 400, "idempotency-key-invalid");
        assertThat(server.runs).hasValue(0);
    }

    @org.junit.jupiter.api.Test
    void aRefusalReadsTheBodyItDoesNotUseSoTheConnectionCarriesTheNextRequest() throws Exception {
        start(TestDatabases.Kind.values()[0], b -> b.required(true));
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.uri("/").getPort())) {
            socket.setSoTimeout(10_000);
            java.io.OutputStream out = socket.getOutputStream();
            String head = "POST /orders HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n";
            // The headers first and the body a moment later, as a client that writes them apart does: the refusal
            // must not be answered, and the request ended, before the body it leaves unread has arrived.
            out.write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(200);
            out.write("{}".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.write((head + "{}").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.flush();

            // A problem body ends without a newline, so the second status line follows it on the same line.
            java.io.InputStream in = socket.getInputStream();
            StringBuilder seen = new StringBuilder();
            int answers = 0;
            for (int c; answers < 2 && (c = in.read()) != -1; ) {
                seen.append((char) c);
                if (seen.toString().endsWith("HTTP/1.1 ")) answers++;
            }
            assertThat(answers).as("both requests answered on one connection: " + seen).isEqualTo(2);
            assertThat(seen.toString()).startsWith("HTTP/1.1 ");
            assertThat(in.readNBytes(3)).asString(java.nio.charset.StandardCharsets.US_ASCII).isEqualTo("400");
        }
        assertThat(server.runs).hasValue(0);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void aFailedRequestIsReplayedNotRunAgain(TestDatabases.Kind kind) throws Exception {
        start(kind, b -> b);
        HttpResponse<String> first = send(post("/fails", "{}", "\"pay-1\"", null));
        assertProblem(first, 500, "internal");
        assertThat(first.body()).doesNotContain("payment provider");
        HttpResponse<String> retry = send(post("/fails", "{}", "\"pay-1\"", null));
        assertThat(retry.statusCode()).isEqualTo(500);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.headers().firstValue(IdempotencyFilter.REPLAYED)).contains("true");
        assertThat(server.runs).hasValue(1);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void keysAreScopedPerClientAndExpire(TestDatabases.Kind kind) throws Exception {
        start(kind, b -> b.ttl(Duration.ofHours(1)));
        assertThat(send(post("/orders", "{}", "\"same\"", "acme")).body()).isEqualTo("{\"order\":1}");
        assertThat(send(post("/orders", "{}", "\"same\"", "globex")).body()).as("another client's key").isEqualTo("{\"order\":2}");
        assertThat(send(post("/orders", "{}", "\"same\"", "acme")).body()).isEqualTo("{\"order\":1}");
        clock.advance(Duration.ofHours(1));
        assertThat(send(post("/orders", "{}", "\"same\"", "acme")).body()).as("expired: a new request").isEqualTo("{\"order\":3}");
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void aRequestWithoutAKeyOrOfAnotherMethodPassesUntouched(TestDatabases.Kind kind) throws Exception {
        start(kind, b -> b);
        send(post("/orders", "{}", null, null));
        send(post("/orders", "{}", null, null));
        assertThat(server.runs).hasValue(2);
        assertThat(send(HttpRequest.newBuilder(server.uri("/orders")).header("Idempotency-Key", "\"x\"").GET().build()).statusCode())
                .as("GET is not a method the filter keys; the servlet has no doGet").isEqualTo(405);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void aClaimWhoseHolderDiedIsTakenOverOnceItsLockPasses(TestDatabases.Kind kind) throws Exception {
        start(kind, b -> b.lock(Duration.ofSeconds(30)));
        IdempotencyStore store = new IdempotencyStore(db);
        String fingerprint = dev.junction.core.idempotency.RequestFingerprint.of("POST", "/orders", "{}".getBytes());
        store.claim("anonymous", "dead", fingerprint, clock.instant(), Duration.ofSeconds(30), Duration.ofHours(24));
        assertProblem(send(post("/orders", "{}", "\"dead\"", null)), 409, "idempotency-key-in-flight");
        clock.advance(Duration.ofSeconds(30));
        assertThat(send(post("/orders", "{}", "\"dead\"", null)).statusCode()).isEqualTo(201);
        assertThat(server.runs).hasValue(1);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void anAsyncHandlersAnswerIsSentWhenWrittenStoredOnCompletionAndReplayed(TestDatabases.Kind kind) throws Exception {
        start(kind, b -> b);
        CountDownLatch gate = new CountDownLatch(1);
        server.holdAt(gate);
        CompletableFuture<HttpResponse<String>> answer = http.sendAsync(post("/async-orders", "{\"sku\":\"A-1\"}", "\"a-1\"", "acme"),
                HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(20)).until(() -> server.runs.get() == 1);
        assertProblem(send(post("/async-orders", "{\"sku\":\"A-1\"}", "\"a-1\"", "acme")), 409, "idempotency-key-in-flight");
        gate.countDown();
        HttpResponse<String> first = answer.join();
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(first.body()).isEqualTo("{\"order\":1}");
        assertThat(first.headers().firstValue("Location")).contains("/orders/1");

        HttpResponse<String> repeat = send(post("/async-orders", "{\"sku\":\"A-1\"}", "\"a-1\"", "acme"));
        assertThat(repeat.statusCode()).isEqualTo(201);
        assertThat(repeat.body()).isEqualTo(first.body());
        assertThat(repeat.headers().firstValue("Location")).contains("/orders/1");
        assertThat(repeat.headers().firstValue("X-Order-Size")).isEqualTo(first.headers().firstValue("X-Order-Size")).contains("13");
        assertThat(repeat.headers().firstValue("Content-Type")).isEqualTo(first.headers().firstValue("Content-Type"));
        assertThat(repeat.headers().firstValue(IdempotencyFilter.REPLAYED)).contains("true");
        assertThat(repeat.headers().allValues("Server")).as("the container's, not stored").hasSizeLessThan(2);
        assertThat(server.runs).hasValue(1);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void anAsyncAnswerWrittenBeforeTheFilterReturnsIsNotLost(TestDatabases.Kind kind) throws Exception {
        start(kind, b -> b);
        for (int i = 1; i <= 20; i++) {
            HttpResponse<String> r = send(post("/async-orders", "{}", "\"fast-" + i + "\"", null));
            assertThat(r.body()).isEqualTo("{\"order\":" + i + "}");
            assertThat(send(post("/async-orders", "{}", "\"fast-" + i + "\"", null)).body()).isEqualTo(r.body());
        }
        assertThat(server.runs).hasValue(20);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void anAsyncRequestThatTimesOutOrFailsLetsItsKeyGoSoARetryRuns(TestDatabases.Kind kind) throws Exception {
        start(kind, b -> b);
        HttpResponse<String> timedOut = send(post("/async-times-out", "{}", "\"slow-1\"", null));
        assertThat(timedOut.statusCode()).isEqualTo(500);
        assertThat(timedOut.headers().firstValue(IdempotencyFilter.REPLAYED)).isEmpty();
        HttpResponse<String> retry = send(post("/async-times-out", "{}", "\"slow-1\"", null));
        assertThat(retry.headers().firstValue(IdempotencyFilter.REPLAYED)).as("run again, not replayed").isEmpty();
        assertThat(server.runs).hasValue(2);

        assertThat(send(post("/async-fails", "{}", "\"err-1\"", null)).statusCode()).as("the container's error page").isEqualTo(500);
        HttpResponse<String> again = send(post("/async-fails", "{}", "\"err-1\"", null));
        assertThat(again.statusCode()).isEqualTo(500);
        assertThat(again.headers().firstValue(IdempotencyFilter.REPLAYED)).as("run again, not replayed").isEmpty();
        assertThat(server.runs).hasValue(4);
    }
}
