package dev.junction.client.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariDataSource;
import dev.junction.client.ManualClock;
import dev.junction.client.jdbc.TestDatabases;
import dev.junction.core.model.UuidV7;
import dev.junction.core.retry.RetryPolicy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

/**
 * The relay sending with {@link HttpOutboxSender} to a real local server, on real databases: what each kind of answer
 * leaves in the table (state, stored error, next attempt), what it logs, and what it counts.
 */
class OutboxRelayHttpTest {

    /** How the server answers one request. */
    @FunctionalInterface
    private interface Answer {
        void answer(HttpExchange x) throws Exception;
    }

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-30T12:00:00Z"));
    private final RelayConfig config = new RelayConfig(10, Duration.ofSeconds(30), Duration.ofSeconds(1),
            new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(60), 2.0));
    /** Holds a dripping answer until the test ends; a bound, not a wait the test relies on. */
    private final CountDownLatch testOver = new CountDownLatch(1);
    private final AtomicReference<Answer> answer = new AtomicReference<>(x -> reply(x, 200, "", null));
    private final ExecutorService serverThreads = Executors.newCachedThreadPool();
    private final HttpClient http = HttpClient.newHttpClient();
    private final Logger relayLog = (Logger) LoggerFactory.getLogger(OutboxRelay.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private HttpServer server;
    private HikariDataSource db;
    private Outbox outbox;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(serverThreads);
        server.createContext("/", x -> {
            try (x) {
                x.getRequestBody().readAllBytes();
                answer.get().answer(x);
            } catch (Exception e) {
                // the client went away (a timed-out send): nothing to answer
            }
        });
        server.start();
        logged.start();
        relayLog.addAppender(logged);
    }

    @AfterEach
    void stop() {
        relayLog.detachAppender(logged);
        testOver.countDown();
        server.stop(0);
        serverThreads.shutdownNow();
        http.shutdownNow();
        if (db != null) db.close();
    }

    private static void reply(HttpExchange x, int status, String body, String retryAfter) throws IOException {
        if (retryAfter != null) x.getResponseHeaders().set("Retry-After", retryAfter);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) x.getResponseBody().write(bytes);
    }

    private void open(TestDatabases.Kind kind) {
        db = TestDatabases.fresh(kind, dir);
        outbox = new Outbox(db, clock, new UuidV7(clock, new SplittableRandom(3)));
    }

    private URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/events");
    }

    private OutboxRelay relay(Duration timeout) {
        return new OutboxRelay(outbox, HttpOutboxSender.to(http, endpoint(), timeout), config, new SplittableRandom(9));
    }

    private List<String> add(int n) throws Exception {
        List<String> ids = new ArrayList<>();
        try (Connection c = db.getConnection()) {
            for (int i = 0; i < n; i++) ids.add(outbox.add(c, OutboxEvent.json("billing", "invoice.paid", "{\"n\":" + i + "}")));
        }
        return ids;
    }

    /** The event's state, stored error and next attempt (ms after the clock's now), as the table has them. */
    private String row(String id) throws Exception {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT state, last_error, next_attempt_at FROM junction_outbox WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1) + " | " + rs.getString(2) + " | " + (rs.getLong(3) - clock.millis());
            }
        }
    }

    /**
     * A receiver that sends 200 and its headers at once, then drips its body, is timed out by the send's timeout
     * (before this, the timeout ended at the headers: the send took as long as the drip, past the lease, and counted
     * as delivered) and the event is retried, with its key, later.
     */
    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void aReceiverThatDripsItsAnswerIsTimedOutAndTheEventRetried(TestDatabases.Kind kind) throws Exception {
        open(kind);
        String id = add(1).get(0);
        answer.set(x -> {
            x.sendResponseHeaders(200, 60);
            OutputStream body = x.getResponseBody();
            body.write('x');
            body.flush();
            testOver.await(20, TimeUnit.SECONDS);
            body.write(new byte[59]);
        });

        assertThat(relay(Duration.ofMillis(300)).runOnce()).isEqualTo(1);

        assertThat(outbox.state(id)).contains(Outbox.State.PENDING);
        assertThat(row(id)).startsWith("PENDING | timeout: no whole answer within 300 ms | ");
    }

    /**
     * The IdempotencyFilter's answer to a resend while the first send still runs (409 + Retry-After: 1) is retried no
     * sooner than it asks; before this the event was dead at once, though it was being delivered.
     */
    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void aConflictWithRetryAfterIsRetriedNoSoonerThanAsked(TestDatabases.Kind kind) throws Exception {
        open(kind);
        String id = add(1).get(0);
        answer.set(x -> reply(x, 409, "{\"type\":\"idempotency-key-in-flight\"}", "1"));
        relay(Duration.ofSeconds(5)).runOnce();
        assertThat(row(id)).startsWith("PENDING | HTTP 409: {\"type\":\"idempotency-key-in-flight\"} | ");
        assertThat(Long.parseLong(row(id).replaceAll(".* \\| ", ""))).isGreaterThanOrEqualTo(1000);

        answer.set(x -> reply(x, 503, "", "45"));
        clock.advance(Duration.ofSeconds(2));
        relay(Duration.ofSeconds(5)).runOnce();
        assertThat(row(id)).as("a Retry-After beyond the backoff (2 s) is honoured").isEqualTo("PENDING | HTTP 503 | 45000");
    }

    /** A refusal is dead at once with its status and the start of the answer, not only "refused (permanent)". */
    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void aRefusalIsDeadWithItsStatusAndTheStartOfTheAnswer(TestDatabases.Kind kind) throws Exception {
        open(kind);
        List<String> ids = add(2);
        answer.set(x -> reply(x, 422, "{\"title\":\"amount\n is missing\"}" + "z".repeat(5000), null));
        relay(Duration.ofSeconds(5)).runOnce();
        assertThat(row(ids.get(0))).isEqualTo("DEAD | HTTP 422 (permanent): {\"title\":\"amount is missing\"}"
                + "z".repeat(OutboxAttempt.DETAIL_CHARS - 29) + " | 0");

        outbox.replayDead(null);
        answer.set(x -> {
            x.getResponseHeaders().set("Location", "https://elsewhere.example/events");
            reply(x, 308, "", null);
        });
        relay(Duration.ofSeconds(5)).runOnce();
        assertThat(row(ids.get(1))).startsWith("DEAD | HTTP 308 (permanent): redirects are not followed");
    }

    /** A missing endpoint is refused where the sender is built, in one line naming it, never sent as a retryable NPE. */
    @Test
    void aBlankOrNonHttpEndpointIsRefusedWhereTheSenderIsBuilt() throws Exception {
        assertThatThrownBy(() -> HttpOutboxSender.to(http, URI.create(""), Duration.ofSeconds(5)))
                .hasMessage("the outbox endpoint is not set (blank): give an http:// or https:// URL");
        assertThatThrownBy(() -> HttpOutboxSender.to(http, (URI) null, Duration.ofSeconds(5)))
                .hasMessage("the outbox endpoint is not set (blank): give an http:// or https:// URL");
        assertThatThrownBy(() -> HttpOutboxSender.to(http, URI.create("localhost:8080/events"), Duration.ofSeconds(5)))
                .hasMessage("the outbox endpoint must be an http:// or https:// URL, but its scheme is 'localhost'");
        assertThatThrownBy(() -> HttpOutboxSender.junction(http, URI.create("https:///junction"), "jk", Duration.ofSeconds(5)))
                .hasMessage("the Junction URL of the outbox must be an http:// or https:// URL with a host, but has none");

        // A URL per event that turns out missing: the event is dead at once, saying why, not retried for hours as an NPE.
        open(TestDatabases.Kind.SQLITE);
        String id = add(1).get(0);
        new OutboxRelay(outbox, HttpOutboxSender.to(http, m -> null, Duration.ofSeconds(5)), config, new SplittableRandom(9)).runOnce();
        assertThat(row(id)).isEqualTo("DEAD | no request (permanent): the outbox endpoint of destination 'billing' is not set (blank):"
                + " give an http:// or https:// URL | 0");
    }

    /**
     * A destination whose sends start failing is logged once, at WARN, with the status and never the body; once a
     * send to it succeeds, once more. Before this nothing was logged until an event was dead, hours later.
     */
    @Test
    void failingSendsAreLoggedOncePerStreakWithoutTheBody() throws Exception {
        open(TestDatabases.Kind.SQLITE);
        add(3);
        answer.set(x -> reply(x, 503, "secret-ish body", null));
        OutboxRelay relay = relay(Duration.ofSeconds(5));
        relay.runOnce();
        clock.advance(Duration.ofSeconds(60));
        relay.runOnce();
        assertThat(logged.list).singleElement().satisfies(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.WARN);
            assertThat(e.getFormattedMessage()).isEqualTo(
                    "outbox sends to destination 'billing' are failing (HTTP 503); retrying with backoff. Logged once until one succeeds");
        });

        answer.set(x -> reply(x, 200, "", null));
        clock.advance(Duration.ofSeconds(60));
        relay.runOnce();
        assertThat(logged.list).hasSize(2).last().satisfies(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.INFO);
            assertThat(e.getFormattedMessage()).isEqualTo(
                    "outbox sends to destination 'billing' succeed again, after 6 failed attempt(s) in PT2M");
        });
        assertThat(logged.list).noneSatisfy(e -> assertThat(e.getFormattedMessage()).contains("secret-ish"));
    }

    /** Each send is counted by outcome; the table's pending and dead events are gauged. */
    @Test
    void sendsAreCountedByOutcomeAndPendingEventsGauged() throws Exception {
        open(TestDatabases.Kind.SQLITE);
        add(2);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        OutboxRelay relay = new OutboxRelay(outbox, HttpOutboxSender.to(http, endpoint(), Duration.ofSeconds(5)), config,
                new SplittableRandom(9), new MicrometerOutboxMetrics(registry, outbox));
        answer.set(x -> reply(x, 503, "", null));
        relay.runOnce();
        assertThat(registry.get("junction.outbox.attempts").tag("outcome", "retryable").timer().count()).isEqualTo(2);
        assertThat(registry.get("junction.outbox.events").tag("state", "pending").gauge().value()).isEqualTo(2);

        answer.set(x -> reply(x, 200, "", null));
        clock.advance(Duration.ofSeconds(60));
        relay.runOnce();
        assertThat(registry.get("junction.outbox.attempts").tag("outcome", "success").timer().count()).isEqualTo(2);
        assertThat(registry.get("junction.outbox.events").tag("state", "pending").gauge().value()).isZero();
        assertThat(registry.get("junction.outbox.events").tag("state", "dead").gauge().value()).isZero();
    }
}
