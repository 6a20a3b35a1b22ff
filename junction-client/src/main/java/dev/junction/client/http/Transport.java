package dev.junction.client.http;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Sends one attempt; the JDK's {@link HttpClient} in production, a script in tests of the retry logic. */
public interface Transport {

    /** Sends {@code request} once and reads its response with {@code handler}. */
    <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException, InterruptedException;

    /**
     * The transport that sends through {@code client}. A request's timeout covers the whole answer, its body included
     * (as far as the handler reads it before returning: a streaming handler's body is the caller's to read): the JDK's
     * own timeout ends at the headers, so a server that sends them at once and then drips its body held the call
     * past its deadline.
     */
    static Transport of(HttpClient client) {
        return new Transport() {
            @Override
            public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException, InterruptedException {
                Optional<Duration> timeout = request.timeout();
                if (timeout.isEmpty()) return client.send(request, handler);
                CompletableFuture<HttpResponse<T>> answer = client.sendAsync(request, handler);
                try {
                    return answer.get(timeout.get().toNanos(), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    answer.cancel(true);
                    throw new HttpTimeoutException("no whole answer within " + timeout.get().toMillis() + " ms");
                } catch (InterruptedException e) {
                    answer.cancel(true);
                    throw e;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof IOException io) throw io;
                    if (cause instanceof RuntimeException r) throw r;
                    if (cause instanceof Error err) throw err;
                    throw new IOException(cause);
                }
            }
        };
    }
}
