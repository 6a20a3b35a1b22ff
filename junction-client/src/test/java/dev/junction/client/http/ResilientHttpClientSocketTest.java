package dev.junction.client.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.core.retry.RetryPolicy;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client over real sockets against a flaky local server. Waits are real here, and kept short. */
class ResilientHttpClientSocketTest {

    private final FlakyServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Duration> waits = new CopyOnWriteArrayList<>();
    /** Really waits (the socket tests may), and notes what it was asked to wait. */
    private final Sleeper recording = d -> {
        waits.add(d);
        Thread.sleep(d);
    };

    ResilientHttpClientSocketTest() throws Exception {
        server = new FlakyServer();
    }

    @AfterEach
    void stop() {
        server.close();
        http.close();
    }

    private ResilientHttpConfig.Builder config() {
        return ResilientHttpConfig.custom().sleeper(recording).retry(new RetryPolicy(3, Duration.ofMillis(10), Duration.ofSeconds(2), 2.0));
    }

    private static HttpRequest get(java.net.URI uri) {
        return HttpRequest.newBuilder(uri).GET().build();
    }

    @Test
    void aRetryAfterInSecondsIsWaitedBeforeTheRetry() throws Exception {
        server.then(FlakyServer.Answer.status(503, "Retry-After", "1"));
        ResilientHttpClient client = ResilientHttpClient.of(http, config().build());
        HttpResponse<String> r = client.send(get(server.uri("/rates")), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(server.received()).hasSize(2);
        assertThat(waits).singleElement().satisfies(w -> assertThat(w).isGreaterThanOrEqualTo(Duration.ofSeconds(1)));
    }

    @Test
    void aRetryAfterAsAnHttpDateIsHonoured() throws Exception {
        String inOneSecond = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(Clock.systemUTC()).plusSeconds(2));
        server.then(FlakyServer.Answer.status(429, "Retry-After", inOneSecond));
        ResilientHttpClient client = ResilientHttpClient.of(http, config().build());
        assertThat(client.send(get(server.uri("/rates")), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        assertThat(waits).singleElement().satisfies(w -> assertThat(w).isGreaterThan(Duration.ZERO));
    }

    @Test
    void aPostGetsOneIdempotencyKeyThatEveryRetryCarries() throws Exception {
        server.then(FlakyServer.Answer.status(500), FlakyServer.Answer.status(502)).otherwise(FlakyServer.Answer.status(201));
        ResilientHttpClient client = ResilientHttpClient.of(http, config().build());
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(server.uri("/charges"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"amount\":100}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(201);
        List<String> keys = server.received().stream().map(x -> x.header("Idempotency-Key")).toList();
        assertThat(keys).hasSize(3).containsOnly(keys.get(0));
        assertThat(UUID.fromString(keys.get(0).replace("\"", "")).version()).isEqualTo(7);
        assertThat(server.received()).allSatisfy(x -> assertThat(x.header("traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01"));
    }

    @Test
    @Timeout(20) // without the clamp, the first attempt alone would wait its 60 s timeout
    void theDeadlineEndsAHangingCallAndTheRemainingBudgetIsForwarded() throws Exception {
        server.otherwise(FlakyServer.Answer.hanging());
        ResilientHttpClient client = ResilientHttpClient.of(http, config().deadlineHeader("Request-Timeout-Ms").attemptTimeout(Duration.ofSeconds(60)).build());
        Deadline deadline = Deadline.in(Duration.ofMillis(400), Clock.systemUTC());
        assertThatThrownBy(() -> client.send(get(server.uri("/slow")), HttpResponse.BodyHandlers.ofString(), deadline))
                .isInstanceOf(DeadlineExceededException.class).hasCauseInstanceOf(java.net.http.HttpTimeoutException.class);
        assertThat(server.received()).isNotEmpty().allSatisfy(x ->
                assertThat(Long.parseLong(x.header("Request-Timeout-Ms"))).isBetween(1L, 400L));
    }

    @Test
    @Timeout(20) // the JDK's own timeout ends at the headers: a dripping body held the call past its deadline
    void theDeadlineCoversTheBodyNotOnlyTheHeaders() {
        server.otherwise(FlakyServer.Answer.hangingInTheBody());
        ResilientHttpClient client = ResilientHttpClient.of(http, config().attemptTimeout(Duration.ofSeconds(60)).build());
        Deadline deadline = Deadline.in(Duration.ofSeconds(3), Clock.systemUTC());
        assertThatThrownBy(() -> client.send(get(server.uri("/drip")), HttpResponse.BodyHandlers.ofString(), deadline))
                .isInstanceOf(DeadlineExceededException.class).hasCauseInstanceOf(java.net.http.HttpTimeoutException.class);
    }

    @Test
    void anExhaustedRetryBudgetStopsRetriesToAFailingHost() throws Exception {
        server.otherwise(FlakyServer.Answer.status(503));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ResilientHttpClient client = ResilientHttpClient.of(http, config().sleeper(d -> {})
                .retryBudget(new RetryBudget.Config(0.2, 0, Duration.ofSeconds(10)))
                .metrics(new MicrometerClientMetrics(registry)).build());
        for (int i = 0; i < 10; i++) {
            assertThat(client.send(get(server.uri("/down")), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(503);
        }
        assertThat(server.received()).as("10 calls and at most 20% more retries, not 3 attempts each").hasSizeBetween(10, 12);
        assertThat(registry.counter("junction.client.gave.up", "host", server.uri("/").getAuthority(), "reason", "budget").count()).isPositive();
    }

    @Test
    void oneHostHasOneKeyHoweverItsUrlIsWrittenAndUserInfoNeverBecomesALabel() {
        assertThat(ResilientHttpClient.hostOf(java.net.URI.create("https://API.Example.com/v1"))).isEqualTo("api.example.com");
        assertThat(ResilientHttpClient.hostOf(java.net.URI.create("https://api.example.com:443/v1"))).isEqualTo("api.example.com");
        assertThat(ResilientHttpClient.hostOf(java.net.URI.create("https://bot:s3cret@api.example.com/v1"))).isEqualTo("api.example.com");
        assertThat(ResilientHttpClient.hostOf(java.net.URI.create("http://api.example.com:443/v1"))).isEqualTo("api.example.com:443");
        assertThat(ResilientHttpClient.hostOf(java.net.URI.create("http://127.0.0.1:8080/"))).isEqualTo("127.0.0.1:8080");
    }

    @Test
    void theBreakerOpensAfterFailuresAndCallsNoLongerReachTheHost() throws Exception {
        server.otherwise(FlakyServer.Answer.status(500));
        ResilientHttpClient client = ResilientHttpClient.of(http, config().sleeper(d -> {})
                .retry(new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(1), 1.0))
                .circuitBreaker(CircuitBreakerConfig.custom().slidingWindowSize(4).minimumNumberOfCalls(4)
                        .failureRateThreshold(50).waitDurationInOpenState(Duration.ofMinutes(1)).build()).build());
        String host = server.uri("/").getAuthority();
        client.send(get(server.uri("/a")), HttpResponse.BodyHandlers.ofString());
        client.send(get(server.uri("/a")), HttpResponse.BodyHandlers.ofString());
        assertThat(client.breakerState(host)).isEqualTo(CircuitBreaker.State.OPEN);
        int before = server.received().size();
        assertThatThrownBy(() -> client.send(get(server.uri("/a")), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOfSatisfying(HostRejectedException.class, e -> assertThat(e.reason()).isEqualTo(HostRejectedException.Reason.CIRCUIT_OPEN));
        assertThat(server.received()).hasSize(before);
    }
}
