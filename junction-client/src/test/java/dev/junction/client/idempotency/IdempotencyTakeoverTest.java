package dev.junction.client.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.junction.client.ManualClock;
import dev.junction.client.jdbc.TestDatabases;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A request that runs past its lock, whose retry took the key over: finishing, the first must not settle the key the
 * retry now holds, neither storing its answer under the retry's claim nor letting the retry's claim go.
 */
class IdempotencyTakeoverTest {

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-30T12:00:00Z"));
    private final AtomicInteger runs = new AtomicInteger();
    /** The n-th run waits at gates[n - 1]. */
    private final List<CountDownLatch> gates = List.of(new CountDownLatch(1), new CountDownLatch(1), new CountDownLatch(1));
    private volatile int status = 201;
    private HikariDataSource db;
    private Server server;
    private URI uri;

    @AfterEach
    void stop() throws Exception {
        gates.forEach(CountDownLatch::countDown);
        if (server != null) server.stop();
        if (db != null) db.close();
        http.close();
    }

    private void start(TestDatabases.Kind kind, boolean storeServerErrors) throws Exception {
        db = TestDatabases.fresh(kind, dir);
        IdempotencyConfig config = IdempotencyConfig.custom().clock(clock).lock(Duration.ofSeconds(5))
                .storeServerErrors(storeServerErrors).clientIdentity(r -> "acme").build();
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addFilter(new FilterHolder(new IdempotencyFilter(new IdempotencyStore(db), config)), "/*", null);
        context.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                int n = runs.incrementAndGet();
                try {
                    gates.get(n - 1).await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                resp.setStatus(status);
                resp.getWriter().write("{\"order\":" + n + "}");
            }
        }), "/orders");
        server.setHandler(context);
        server.start();
        uri = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/orders");
    }

    private CompletableFuture<HttpResponse<String>> post() {
        return http.sendAsync(HttpRequest.newBuilder(uri).header("Idempotency-Key", "\"k\"").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void awaitRuns(int n) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (runs.get() < n && System.nanoTime() < until) Thread.sleep(10);
        assertThat(runs.get()).isEqualTo(n);
    }

    /** The first request's lock passes; a retry takes the key over and is still running when the first finishes. */
    private CompletableFuture<HttpResponse<String>> firstFinishesWhileItsRetryRuns() throws Exception {
        CompletableFuture<HttpResponse<String>> first = post();
        awaitRuns(1);
        clock.advance(Duration.ofSeconds(6));
        CompletableFuture<HttpResponse<String>> retry = post();
        awaitRuns(2);
        gates.get(0).countDown();
        first.get(10, TimeUnit.SECONDS);
        return retry;
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void theFirstDoesNotStoreItsAnswerUnderTheRetrysClaim(TestDatabases.Kind kind) throws Exception {
        start(kind, true);
        CompletableFuture<HttpResponse<String>> retry = firstFinishesWhileItsRetryRuns();

        assertThat(post().get(10, TimeUnit.SECONDS).statusCode()).as("the retry still runs").isEqualTo(409);
        gates.get(1).countDown();
        assertThat(retry.get(10, TimeUnit.SECONDS).body()).isEqualTo("{\"order\":2}");
        assertThat(post().get(10, TimeUnit.SECONDS).body()).as("the replay is the holder's answer").isEqualTo("{\"order\":2}");
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void theFirstDoesNotLetTheRetrysClaimGo(TestDatabases.Kind kind) throws Exception {
        start(kind, false);
        status = 503;
        firstFinishesWhileItsRetryRuns();

        HttpResponse<String> third = post().get(10, TimeUnit.SECONDS);
        assertThat(third.statusCode()).as("the retry still runs").isEqualTo(409);
        assertThat(runs.get()).isEqualTo(2);
    }
}
