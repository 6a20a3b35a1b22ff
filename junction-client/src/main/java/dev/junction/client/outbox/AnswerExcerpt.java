package dev.junction.client.outbox;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads the start of an answer's body, for the event's stored error, and no more: at {@link #LIMIT} bytes it stops
 * reading (and the connection is closed rather than reused), so a receiver's huge answer neither fills memory nor
 * holds the send. An answer shorter than that is read to its end, within the send's timeout.
 */
final class AnswerExcerpt implements HttpResponse.BodySubscriber<byte[]> {

    /** The most bytes read of one answer. */
    static final int LIMIT = 4096;

    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private byte[] kept = new byte[0];
    private int length;
    private Flow.Subscription subscription;

    static HttpResponse.BodyHandler<byte[]> handler() {
        return info -> new AnswerExcerpt();
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (body.isDone()) return;
        for (ByteBuffer item : items) {
            int n = Math.min(item.remaining(), LIMIT - length);
            if (length + n > kept.length) kept = Arrays.copyOf(kept, Math.min(LIMIT, Math.max(length + n, kept.length * 2)));
            item.get(kept, length, n);
            length += n;
            if (length == LIMIT) {
                subscription.cancel();
                body.complete(Arrays.copyOf(kept, length));
                return;
            }
        }
    }

    @Override
    public void onError(Throwable error) {
        body.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        body.complete(Arrays.copyOf(kept, length));
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return body;
    }
}
