package dev.junction.engine.net;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One answer to a request made with the JDK's HTTP client (a poll of an API or a calendar, an enrichment, a sync's
 * write), read whole within the request's budget and up to a size. The JDK client's own timeout ends when the headers
 * arrive (a 25-byte body dripped over 5.8 s came through a 1 s timeout on JDK 25), and its byte-array handler keeps
 * whatever comes: a feed that dripped its body would hold its poll for ever, and one that streamed without end filled
 * the heap until the gateway failed with OutOfMemoryError, its dispatcher thread among the dead (tried by hand). Here
 * the whole exchange has the budget, and a body past the limit is cut off and fails the request as a network error
 * does.
 */
public final class BoundedAnswer {

    /** Far beyond any calendar (kilobytes) or API page (a few megabytes); a mistake or an attack beyond it. */
    public static final int MAX_BYTES = 32 << 20;

    /** An answer whose body went past the limit; its message says so and names nothing else. */
    public static final class TooLarge extends IOException {
        public TooLarge(int max) {
            super("the answer is larger than " + (max >> 20) + " MiB");
        }
    }

    private BoundedAnswer() {}

    public static HttpResponse<byte[]> receive(HttpClient http, HttpRequest request, Duration budget, int maxBytes)
            throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<byte[]>> answer = http.sendAsync(request, info -> new Body(maxBytes));
        try {
            return answer.get(Math.max(1, budget.toNanos()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new HttpTimeoutException("no whole answer within " + budget.toMillis() + " ms");
        } catch (InterruptedException e) {
            answer.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) throw io;
            if (cause instanceof RuntimeException r) throw r;
            throw new IOException(cause.getClass().getSimpleName(), cause);
        }
    }

    /** Collects the body, and cancels the exchange once it passes the limit. */
    private static final class Body implements HttpResponse.BodySubscriber<byte[]> {
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final int max;
        private Flow.Subscription subscription;

        Body(int max) {
            this.max = max;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (body.isDone()) return;
            for (ByteBuffer b : buffers) {
                if ((long) out.size() + b.remaining() > max) {
                    body.completeExceptionally(new TooLarge(max));
                    subscription.cancel();
                    return;
                }
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                out.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable t) {
            body.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            body.complete(out.toByteArray());
        }
    }
}
