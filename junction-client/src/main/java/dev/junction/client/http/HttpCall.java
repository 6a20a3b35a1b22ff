package dev.junction.client.http;

import dev.junction.core.retry.OutcomeClass;
import dev.junction.core.retry.OutcomeClassifier;
import dev.junction.core.retry.RetryAfter;
import dev.junction.core.retry.RetrySchedule;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** One logical call: its attempts, in order, and the decision after each whether to try again. */
final class HttpCall<T> {

    /** A failing status as the breaker sees it; never thrown, so it carries no stack. */
    private static final class RetryableStatus extends Exception {
        RetryableStatus(int status) {
            super("status " + status, null, false, false);
        }
    }

    private final Transport transport;
    private final ResilientHttpConfig config;
    private final RetrySchedule schedule;
    private final HostGuards.Guards guards;
    private final String host;
    private final HttpRequest request;
    private final HttpResponse.BodyHandler<T> handler;
    private final Deadline deadline;

    private HttpResponse<T> lastResponse;
    private IOException lastError;

    HttpCall(Transport transport, ResilientHttpConfig config, RetrySchedule schedule, HostGuards.Guards guards, String host,
             HttpRequest request, HttpResponse.BodyHandler<T> handler, Deadline deadline) {
        this.transport = transport;
        this.config = config;
        this.schedule = schedule;
        this.guards = guards;
        this.host = host;
        this.request = request;
        this.handler = handler;
        this.deadline = deadline;
    }

    HttpResponse<T> run() throws IOException, InterruptedException {
        guards.budget().onRequest();
        for (int attempt = 1; ; attempt++) {
            Duration remaining = deadline.remaining(config.clock());
            if (remaining.isZero()) {
                // Only after a wait that overran (a late wake-up): the last answer is returned, as when retries end.
                if (attempt > 1) config.metrics().gaveUp(host, "deadline");
                if (lastResponse != null) return lastResponse;
                throw new DeadlineExceededException("the deadline passed after " + (attempt - 1) + " attempt(s) to " + host, lastError);
            }
            OutcomeClass outcome;
            try {
                outcome = attempt(remaining, attempt);
            } catch (HostRejectedException e) {
                if (attempt == 1) throw e;
                // The breaker opened (or the bulkhead filled) during our retries: the last real answer beats a refusal.
                config.metrics().gaveUp(host, e.reason().slug());
                return finish();
            }
            if (outcome != OutcomeClass.RETRYABLE) return finish();
            Optional<String> stop;
            try {
                stop = reasonNotToRetry(attempt);
            } catch (InterruptedException | RuntimeException | Error e) {
                // Interrupted while waiting to retry: the answer in hand is never returned, so free its connection.
                discard(lastResponse);
                throw e;
            }
            if (stop.isPresent()) {
                config.metrics().gaveUp(host, stop.get());
                if (stop.get().equals("deadline") && lastResponse == null) {
                    throw new DeadlineExceededException("no time left for another attempt to " + host + " after " + attempt, lastError);
                }
                return finish();
            }
        }
    }

    /** Sends one attempt through the host's bulkhead and breaker; records what came of it. */
    private OutcomeClass attempt(Duration remaining, int number) throws IOException, InterruptedException {
        if (!guards.breaker().tryAcquirePermission()) throw rejected(HostRejectedException.Reason.CIRCUIT_OPEN);
        if (!guards.bulkhead().tryAcquirePermission()) {
            guards.breaker().releasePermission();
            throw rejected(HostRejectedException.Reason.BULKHEAD_FULL);
        }
        // Counted once it is let through: a retry the breaker or bulkhead refuses is a give-up, not a retry.
        if (number > 1) config.metrics().retry(host);
        Instant start = config.clock().instant();
        OutcomeClass outcome;
        try {
            discard(lastResponse);
            lastResponse = transport.send(attemptRequest(remaining), handler);
            lastError = null;
            outcome = OutcomeClassifier.ofStatus(lastResponse.statusCode());
        } catch (IOException e) {
            lastResponse = null;
            lastError = e;
            outcome = OutcomeClassifier.ofError(e);
        } catch (InterruptedException | RuntimeException | Error e) {
            guards.breaker().releasePermission();
            throw e;
        } finally {
            guards.bulkhead().onComplete();
        }
        Duration took = Duration.between(start, config.clock().instant());
        if (outcome == OutcomeClass.RETRYABLE) {
            guards.breaker().onError(took.toNanos(), TimeUnit.NANOSECONDS,
                    lastError != null ? lastError : new RetryableStatus(lastResponse.statusCode()));
        } else {
            // A 4xx means the host is up and answering: it counts for the breaker as a success.
            guards.breaker().onSuccess(took.toNanos(), TimeUnit.NANOSECONDS);
        }
        config.metrics().attempt(host, request.method(), outcome.name().toLowerCase(Locale.ROOT), took);
        return outcome;
    }

    /**
     * The request of one attempt: its timeout the shortest of the configured attempt timeout, the request's own (the
     * caller's {@code HttpRequest.Builder.timeout}) and what remains of the deadline; and the remaining budget when
     * forwarded.
     */
    private HttpRequest attemptRequest(Duration remaining) {
        Duration perAttempt = request.timeout().filter(t -> t.compareTo(config.attemptTimeout()) < 0).orElse(config.attemptTimeout());
        Duration timeout = remaining.compareTo(perAttempt) < 0 ? remaining : perAttempt;
        HttpRequest.Builder b = HttpRequest.newBuilder(request, (name, value) -> true).timeout(timeout);
        config.deadlineHeader().ifPresent(h -> b.setHeader(h, Long.toString(Math.max(1, remaining.toMillis()))));
        return b.build();
    }

    /**
     * Why the retryable outcome of attempt {@code made} is not retried, or empty to retry after waiting: the waits
     * happen here, so that the deadline is judged with the wait included.
     */
    private Optional<String> reasonNotToRetry(int made) throws InterruptedException {
        if (!RetrySafety.retryable(request) && (lastResponse != null || !RetrySafety.neverSent(lastError))) return Optional.of("unsafe");
        if (!schedule.mayRetry(made)) return Optional.of("attempts");
        Optional<Duration> retryAfter = lastResponse == null ? Optional.empty()
                : lastResponse.headers().firstValue("Retry-After").flatMap(v -> RetryAfter.parse(v, config.clock().instant()));
        if (retryAfter.isPresent() && retryAfter.get().compareTo(schedule.policy().maxDelay()) > 0) return Optional.of("retry-after");
        Duration wait = schedule.delayBefore(made, retryAfter);
        if (deadline.remaining(config.clock()).minus(wait).compareTo(config.minAttemptTime()) < 0) return Optional.of("deadline");
        if (!guards.budget().tryRetry()) return Optional.of("budget");
        if (!wait.isZero()) config.sleeper().sleep(wait);
        return Optional.empty();
    }

    /**
     * Closes the body of an answer that will not be returned, when it is a stream ({@code ofInputStream}, {@code
     * ofLines}): unclosed, it holds its connection, and every retried answer opened another.
     */
    private static void discard(HttpResponse<?> response) {
        if (response != null && response.body() instanceof AutoCloseable body) {
            try {
                body.close();
            } catch (Exception e) {
                // Closing only frees the connection; a body that fails to close has nothing left to free.
            }
        }
    }

    private HttpResponse<T> finish() throws IOException {
        if (lastResponse != null) return lastResponse;
        throw lastError;
    }

    private HostRejectedException rejected(HostRejectedException.Reason reason) {
        config.metrics().rejected(host, reason);
        return new HostRejectedException(host, reason);
    }
}
