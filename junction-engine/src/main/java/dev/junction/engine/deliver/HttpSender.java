package dev.junction.engine.deliver;

import dev.junction.core.config.DestinationSpec;
import dev.junction.core.net.AddressPolicy;
import dev.junction.store.ClaimedDelivery;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * POSTs a delivery to an HTTP destination with the original body and content type and the Standard
 * Webhooks headers: {@code webhook-id} is the message id, so it is stable across retries and replays
 * and the receiver can dedupe on it.
 *
 * <p>The client is Jetty's, the same I/O code as the gateway's server (ADR 0010): it costs about half
 * the CPU per request of the JDK's HttpClient, which matters because delivery shares the machine with
 * ingest. Redirects are not followed (a 301/302 would drop the body), no cookies are kept, no
 * compression is asked for (the response excerpt is kept as sent), and TLS verifies the host name.
 * The response body is read to its end, keeping only the first {@value #EXCERPT_BYTES} bytes, so the
 * connection can be used again; the destination's timeout bounds the whole exchange.
 */
public final class HttpSender implements Sender {

    static final int EXCERPT_BYTES = 256;
    /** How much of a batch's answer is kept: enough for a bulk API's per-item results (ADR 0026). */
    static final int BATCH_ANSWER_BYTES = 1 << 20;
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** How long an unused connection to a destination is kept open. */
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);
    /**
     * Connections per origin: high enough never to be the limit (each destination's bulkhead is), since
     * several destinations may share one origin.
     */
    private static final int MAX_CONNECTIONS_PER_ORIGIN = 4096;
    /** How long after its own timeout an exchange whose end never came is ended by the watch. */
    static final Duration LOST_CALLBACK_MARGIN = Duration.ofSeconds(5);

    private final HttpClient client;
    private final Clock clock;
    private final ExchangeWatch watch = new ExchangeWatch();
    private volatile boolean started;

    /** Sends to any address: for destinations from the configuration file, which is trusted (they may be on 127.0.0.1). */
    public HttpSender(Clock clock) {
        this(clock, null);
    }

    /**
     * Connects only to addresses {@code policy} allows, for endpoints that come from outside: a refused
     * address is a permanent failure of kind {@value AddressPolicy#REFUSAL_KIND} saying why.
     */
    public HttpSender(Clock clock, AddressPolicy policy) {
        this.clock = clock;
        this.client = new HttpClient();
        if (policy != null) GuardedResolver.configure(client, policy);
        client.setConnectTimeout(CONNECT_TIMEOUT.toMillis());
        client.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        client.setFollowRedirects(false);
        client.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, dev.junction.core.net.UserAgent.JUNCTION));
        client.setHttpCookieStore(new HttpCookieStore.Empty());
        client.setMaxConnectionsPerDestination(MAX_CONNECTIONS_PER_ORIGIN);
        client.setMaxRequestsQueuedPerDestination(MAX_CONNECTIONS_PER_ORIGIN);
        client.setExecutor(threads());
    }

    /**
     * Jetty's own shape for virtual threads: platform threads select, each task (reading an answer, ending an
     * exchange) runs on a virtual thread. The client's default pool of platform threads parked and woke one of them
     * per task: under wrk its idle threads' polling alone took 5.6% of the gateway's CPU (ADR 0040).
     */
    private static QueuedThreadPool threads() {
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("junction-delivery-client");
        threads.setVirtualThreadsExecutor(VirtualThreads.getNamedVirtualThreadsExecutor("junction-delivery-"));
        return threads;
    }

    /**
     * The client, started on the first send rather than with the gateway: starting it loads the JDK's trust store
     * (parsing a hundred-odd certificates), work a gateway need not do before it answers its first event.
     */
    private HttpClient client() {
        if (!started) {
            synchronized (this) {
                if (!started) {
                    try {
                        client.start();
                    } catch (Exception e) {
                        throw new IllegalStateException("could not start the delivery HTTP client", e);
                    }
                    // Starting adds every decoder found on the class path (gzip comes with jetty-client): ask for none.
                    client.getContentDecoderFactories().clear();
                    watch.startSweeping();
                    started = true;
                }
            }
        }
        return client;
    }

    @Override
    public SendResult send(ClaimedDelivery delivery, DestinationSpec destination) {
        Request request;
        try {
            request = request(destination, DeliveryHeaders.contentType(delivery), delivery.message().body(),
                    DeliveryHeaders.of(delivery, destination, clock.instant().getEpochSecond()));
        } catch (RuntimeException e) {
            // e.g. a URL the client cannot use: the dispatcher must always get a result to record.
            return SendResult.failure(e);
        }
        return exchange(request, destination, EXCERPT_BYTES);
    }

    @Override
    public SendResult sendBatch(Batch batch, DestinationSpec destination) {
        Request request;
        try {
            request = request(destination, batch.contentType(), batch.body(),
                    DeliveryHeaders.of(batch, destination, clock.instant().getEpochSecond()));
        } catch (RuntimeException e) {
            return SendResult.failure(e);
        }
        return exchange(request, destination, BATCH_ANSWER_BYTES);
    }

    /** Sends the request and waits for its answer, keeping the first {@code keep} bytes of the body. */
    private SendResult exchange(Request request, DestinationSpec destination, int keep) {
        Answer answer = new Answer(keep, request);
        // The request's own timeout ends the exchange; the watch only guards against a lost callback.
        watch.watch(answer, destination.timeout().plus(LOST_CALLBACK_MARGIN));
        try {
            request.send(answer);
            return answer.outcome(answer.done.get());
        } catch (InterruptedException e) {
            request.abort(e);
            Thread.currentThread().interrupt();
            return SendResult.failure(e);
        } catch (ExecutionException e) {
            return SendResult.failure(plain(e.getCause()));
        } catch (RuntimeException e) {
            return SendResult.failure(e);
        } finally {
            watch.done(answer);
        }
    }

    private Request request(DestinationSpec destination, String contentType, byte[] body, java.util.Map<String, String> headers) {
        return client().newRequest(destination.url())
                .method(HttpMethod.POST)
                .timeout(destination.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .body(new BytesRequestContent(contentType, body))
                // A destination's own headers (last) replace Junction's defaults of the same name (User-Agent, Content-Type).
                .headers(h -> headers.forEach(h::put));
    }

    /** Collects one exchange: whether an answer arrived, and the first bytes of its body. */
    static final class Answer implements Response.Listener, ExchangeWatch.Watched {
        final CompletableFuture<Result> done = new CompletableFuture<>();
        private final int keep;
        private final Request request;
        private byte[] excerpt = new byte[0];
        private int excerptLength;
        private volatile boolean answered;

        Answer(int keep, Request request) {
            this.keep = keep;
            this.request = request;
        }

        /** The watch's verdict: the exchange is aborted and its wait ends as a timeout. */
        @Override
        public void overdue(Duration late) {
            TimeoutException timeout = new TimeoutException("the exchange had not ended " + (LOST_CALLBACK_MARGIN.plus(late)).toMillis()
                    + " ms after its timeout");
            request.abort(timeout);
            done.completeExceptionally(timeout);
        }

        @Override
        public void onHeaders(Response response) {
            answered = true;
        }

        @Override
        public void onContent(Response response, ByteBuffer content) {
            // Keep the excerpt, drop the rest: a receiver's huge error page must not fill memory, but it
            // is read to its end so the connection stays usable.
            int n = Math.min(content.remaining(), keep - excerptLength);
            if (n <= 0) return;
            if (excerptLength + n > excerpt.length) excerpt = java.util.Arrays.copyOf(excerpt, Math.min(keep, Math.max(excerptLength + n, excerpt.length * 2)));
            content.get(excerpt, excerptLength, n);
            excerptLength += n;
        }

        @Override
        public void onComplete(Result result) {
            done.complete(result);
        }

        SendResult outcome(Result result) {
            Response response = result.getResponse();
            if (answered && response != null && response.getStatus() > 0) {
                // The receiver answered: its status is the outcome, even if the rest of its body then failed.
                return SendResult.response(response.getStatus(), response.getHeaders().get(HttpHeader.RETRY_AFTER),
                        new String(excerpt, 0, excerptLength, StandardCharsets.UTF_8));
            }
            Throwable failure = result.getFailure();
            return SendResult.failure(failure != null ? plain(failure) : new IllegalStateException("no response and no error"));
        }
    }

    /**
     * Jetty's words for a connection the receiver closed under a request are a dump of its endpoint (addresses, buffer
     * states), which a dead letter's last error would show an operator: said plainly, still an I/O error (retried).
     */
    static Throwable plain(Throwable failure) {
        boolean closed = failure instanceof java.io.EOFException || failure instanceof java.nio.channels.ClosedChannelException
                || failure instanceof java.io.IOException && failure.getMessage() != null && failure.getMessage().contains("EndPoint@");
        return closed ? new java.io.EOFException("the receiver closed the connection before answering") : failure;
    }

    @Override
    public synchronized void close() {
        watch.close();
        try {
            client.stop();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop the delivery HTTP client", e);
        }
    }
}
