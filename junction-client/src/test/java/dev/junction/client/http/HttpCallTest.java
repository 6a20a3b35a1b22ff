package dev.junction.client.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.client.ManualClock;
import dev.junction.core.model.UuidV7;
import dev.junction.core.retry.RetryPolicy;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The retry logic stepped without sleeping: the sleeper moves the test's clock. */
class HttpCallTest {

    private static final URI URI_ = URI.create("http://api.example:8080/v1/things");
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-30T12:00:00Z"));
    private final ScriptedTransport transport = new ScriptedTransport(clock);
    private final List<Duration> waits = new ArrayList<>();
    private final List<String> gaveUp = new ArrayList<>();
    private final List<String> retries = new ArrayList<>();

    private ResilientHttpConfig.Builder config() {
        return ResilientHttpConfig.custom().clock(clock).random(new SplittableRandom(42))
                .retry(new RetryPolicy(4, Duration.ofMillis(100), Duration.ofSeconds(30), 2.0))
                .sleeper(d -> {
                    waits.add(d);
                    clock.advance(d);
                })
                .metrics(new ClientMetrics() {
                    @Override
                    public void gaveUp(String host, String reason) {
                        gaveUp.add(reason);
                    }

                    @Override
                    public void retry(String host) {
                        retries.add(host);
                    }
                });
    }

    private HttpResponse<String> send(ResilientHttpConfig config, HttpRequest request) throws Exception {
        return new ResilientHttpClient(transport, config).send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest get() {
        return HttpRequest.newBuilder(URI_).GET().build();
    }

    private static HttpRequest post() {
        return HttpRequest.newBuilder(URI_).POST(HttpRequest.BodyPublishers.ofString("{}")).build();
    }

    @Test
    void retryableStatusesAreRetriedWithFullJitterUntilSuccess() throws Exception {
        transport.answer(503).answer(500);
        assertThat(send(config().build(), get()).statusCode()).isEqualTo(200);
        assertThat(transport.sent).hasSize(3);
        assertThat(waits).hasSize(2);
        assertThat(waits.get(0)).isBetween(Duration.ZERO, Duration.ofMillis(100));
        assertThat(waits.get(1)).isBetween(Duration.ZERO, Duration.ofMillis(200));
    }

    @Test
    void permanentStatusesAreNotRetried() throws Exception {
        transport.answer(400);
        assertThat(send(config().build(), get()).statusCode()).isEqualTo(400);
        assertThat(transport.sent).hasSize(1);
    }

    @Test
    void afterTheLastAttemptTheLastAnswerIsReturned() throws Exception {
        transport.answer(503).answer(503).answer(503).answer(503);
        assertThat(send(config().build(), get()).statusCode()).isEqualTo(503);
        assertThat(transport.sent).hasSize(4);
        assertThat(gaveUp).containsExactly("attempts");
    }

    @Test
    void aPostIsGivenOneUuidV7KeyReusedOnEveryAttempt() throws Exception {
        transport.answer(502).answer(503);
        UuidV7 keys = new UuidV7(clock, new SplittableRandom(1));
        String expected = "\"" + new UuidV7(clock, new SplittableRandom(1)).next() + "\"";
        send(config().keys(keys).build(), post());
        assertThat(transport.sent).hasSize(3).allSatisfy(r -> assertThat(r.headers().firstValue("Idempotency-Key")).contains(expected));
    }

    @Test
    void aPostWithoutAKeyIsNotRetriedWhenKeysAreOff() throws Exception {
        transport.answer(503);
        assertThat(send(config().idempotencyKeys(false).build(), post()).statusCode()).isEqualTo(503);
        assertThat(transport.sent).hasSize(1);
        assertThat(gaveUp).containsExactly("unsafe");
    }

    @Test
    void aPostWithoutAKeyIsRetriedWhenItNeverReachedTheServer() throws Exception {
        transport.fail(new ConnectException("refused"), Duration.ZERO)
                .fail(new java.net.http.HttpConnectTimeoutException("connect timed out"), Duration.ofSeconds(1)).answer(201);
        assertThat(send(config().idempotencyKeys(false).build(), post()).statusCode()).isEqualTo(201);
        assertThat(transport.sent).hasSize(3).allSatisfy(r -> assertThat(r.headers().firstValue("Idempotency-Key")).isEmpty());
        // But a POST whose request may have arrived (a timeout waiting for the answer) is not sent twice.
        transport.fail(new HttpTimeoutException("request timed out"), Duration.ofSeconds(1));
        assertThatThrownBy(() -> send(config().idempotencyKeys(false).build(), post())).isInstanceOf(HttpTimeoutException.class);
        assertThat(gaveUp).containsExactly("unsafe");
    }

    @Test
    void theCallersOwnKeyIsKeptAndMakesAPostRetryable() throws Exception {
        transport.answer(503);
        send(config().idempotencyKeys(false).build(), HttpRequest.newBuilder(URI_).header("Idempotency-Key", "\"order-7\"")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertThat(transport.sent).hasSize(2).allSatisfy(r -> assertThat(r.headers().allValues("Idempotency-Key")).containsExactly("\"order-7\""));
    }

    @Test
    void retryAfterSecondsIsAFloorOnTheWait() throws Exception {
        transport.answer(429, Map.of("Retry-After", List.of("7")));
        send(config().callTimeout(Duration.ofSeconds(30)).build(), get());
        assertThat(waits).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void retryAfterAsAnHttpDateIsWaitedUntil() throws Exception {
        transport.answer(503, Map.of("Retry-After", List.of("Mon, 30 Nov 2026 12:00:03 GMT")));
        send(config().build(), get());
        assertThat(waits).containsExactly(Duration.ofSeconds(3));
    }

    @Test
    void aRetryAfterBeyondTheMaxDelayEndsTheCallWithThatAnswer() throws Exception {
        transport.answer(503, Map.of("Retry-After", List.of("3600")));
        assertThat(send(config().build(), get()).statusCode()).isEqualTo(503);
        assertThat(transport.sent).hasSize(1);
        assertThat(gaveUp).containsExactly("retry-after");
    }

    @Test
    void eachAttemptsTimeoutIsClampedToWhatRemainsAndForwarded() throws Exception {
        transport.fail(new HttpTimeoutException("timed out"), Duration.ofSeconds(2)).answer(200);
        send(config().callTimeout(Duration.ofSeconds(3)).attemptTimeout(Duration.ofSeconds(2)).deadlineHeader("Request-Timeout-Ms").build(), get());
        assertThat(transport.sent).hasSize(2);
        assertThat(transport.sent.get(0).timeout()).contains(Duration.ofSeconds(2));
        Duration second = transport.sent.get(1).timeout().orElseThrow();
        assertThat(second).isEqualTo(Duration.ofSeconds(1).minus(waits.get(0)));
        assertThat(transport.sent.get(1).headers().firstValue("Request-Timeout-Ms")).contains(Long.toString(second.toMillis()));
    }

    @Test
    void theRequestsOwnTimeoutBoundsEachAttemptWhenItIsTheShortest() throws Exception {
        transport.fail(new HttpTimeoutException("timed out"), Duration.ofMillis(300)).answer(200);
        send(config().attemptTimeout(Duration.ofSeconds(5)).build(), HttpRequest.newBuilder(URI_).timeout(Duration.ofMillis(300)).GET().build());
        assertThat(transport.sent).hasSize(2).allSatisfy(r -> assertThat(r.timeout()).contains(Duration.ofMillis(300)));
    }

    @Test
    void aRetryThatCouldNotFinishBeforeTheDeadlineIsNotStarted() throws Exception {
        transport.answer(503, Map.of("Retry-After", List.of("5")));
        HttpResponse<String> r = new ResilientHttpClient(transport, config().build())
                .send(get(), HttpResponse.BodyHandlers.ofString(), Deadline.in(Duration.ofSeconds(4), clock));
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(waits).isEmpty();
        assertThat(gaveUp).containsExactly("deadline");
    }

    @Test
    void aWaitThatOverrunsTheDeadlineEndsTheCallWithTheLastAnswer() throws Exception {
        transport.answer(503, Map.of("Retry-After", List.of("2")));
        // The wait left time for a retry, but the thread woke late (a busy scheduler, a pause): the deadline passed.
        ResilientHttpConfig config = config().sleeper(d -> clock.advance(d.plusSeconds(2))).build();
        HttpResponse<String> r = new ResilientHttpClient(transport, config)
                .send(get(), HttpResponse.BodyHandlers.ofString(), Deadline.in(Duration.ofSeconds(3), clock));
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(transport.sent).hasSize(1);
        assertThat(gaveUp).containsExactly("deadline");
    }

    @Test
    void aTransportErrorWithNoTimeLeftIsADeadlineExceeded() {
        transport.fail(new ConnectException("refused"), Duration.ofSeconds(1));
        assertThatThrownBy(() -> new ResilientHttpClient(transport, config().build())
                .send(get(), HttpResponse.BodyHandlers.ofString(), Deadline.in(Duration.ofSeconds(1), clock)))
                .isInstanceOf(DeadlineExceededException.class).hasCauseInstanceOf(ConnectException.class);
        assertThat(transport.sent).hasSize(1);
    }

    @Test
    void transportErrorsAreRetriedAndTheLastIsThrown() {
        for (int i = 0; i < 4; i++) transport.fail(new ConnectException("refused " + i), Duration.ZERO);
        assertThatThrownBy(() -> send(config().build(), get())).isInstanceOf(ConnectException.class).hasMessage("refused 3");
        assertThat(transport.sent).hasSize(4);
    }

    @Test
    void noRetryWhenTheHostsBudgetIsSpent() throws Exception {
        transport.answer(503).answer(503);
        ResilientHttpConfig config = config().retryBudget(new RetryBudget.Config(0.5, 0, Duration.ofSeconds(10))).build();
        ResilientHttpClient client = new ResilientHttpClient(transport, config);
        client.send(get(), HttpResponse.BodyHandlers.ofString());
        assertThat(transport.sent).as("one request earns half a retry: none").hasSize(1);
        client.send(get(), HttpResponse.BodyHandlers.ofString());
        assertThat(transport.sent).as("two requests earn one retry").hasSize(3);
        assertThat(gaveUp).containsExactly("budget");
    }

    @Test
    void aBreakerThatOpensDuringRetriesEndsTheCallWithTheLastAnswer() throws Exception {
        transport.answer(503).answer(503);
        ResilientHttpConfig config = config().circuitBreaker(io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.custom()
                .slidingWindowSize(2).minimumNumberOfCalls(2).failureRateThreshold(50).build()).build();
        assertThat(send(config, get()).statusCode()).isEqualTo(503);
        assertThat(transport.sent).hasSize(2);
        assertThat(gaveUp).containsExactly("circuit-open");
    }

    @Test
    void aRetryTheOpenBreakerRefusesIsNotCountedAsARetry() throws Exception {
        transport.answer(503).answer(503);
        ResilientHttpConfig config = config().circuitBreaker(io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.custom()
                .slidingWindowSize(2).minimumNumberOfCalls(2).failureRateThreshold(50).build()).build();
        send(config, get());
        assertThat(transport.sent).hasSize(2);
        assertThat(retries).as("one retry reached the host; the second was refused").hasSize(1);
        assertThat(gaveUp).containsExactly("circuit-open");
    }

    @Test
    void theCallersTraceparentIsPropagatedAndABrokenOneReplaced() throws Exception {
        String mine = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        send(config().traceparent(() -> Optional.of(mine)).build(), get());
        send(config().build(), HttpRequest.newBuilder(URI_).header("traceparent", "garbage").build());
        assertThat(transport.sent.get(0).headers().firstValue("traceparent")).contains(mine);
        assertThat(transport.sent.get(1).headers().allValues("traceparent")).singleElement()
                .satisfies(t -> assertThat(Traceparent.parse(t)).isPresent());
    }
}
