package dev.junction.server.http;

import dev.junction.core.verify.WebhookRequest;
import dev.junction.engine.ingest.IngestResult;
import dev.junction.engine.ingest.Ingestor;
import dev.junction.store.StoreException;
import dev.junction.store.StoreOverloadedException;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /in/{source}}: answers 202 only after the message is committed; a duplicate gets 200
 * with the original id; every refusal is problem+json and leaves nothing in the store.
 */
final class IngestHandler implements Handler {

    private static final Logger log = LoggerFactory.getLogger(IngestHandler.class);

    /** Oversized bodies up to this size are drained so the sender reliably reads the 413. */
    private static final long DRAIN_LIMIT = 16L * 1024 * 1024;

    private final Ingestor ingestor;
    /** Sources configured with no webhook door (polled APIs, calendars): named as such in a 404. */
    private final java.util.Set<String> polled;

    IngestHandler(Ingestor ingestor, java.util.Set<String> polled) {
        this.ingestor = ingestor;
        this.polled = java.util.Set.copyOf(polled);
    }

    @Override
    public void handle(Context ctx) {
        String source = ctx.pathParam("source");
        String traceId = Traces.of(ctx);
        try (var s = org.slf4j.MDC.putCloseable("source", source)) {
            handle(ctx, source, traceId);
        }
    }

    private void handle(Context ctx, String source, String traceId) {
        if (ingestor.knows(source) && ctx.contentLength() > ingestor.maxBodyBytes(source)) {
            // Refused on the declared length, nothing kept. A body of modest size is read and thrown away
            // first: answering mid-upload makes the server close the connection and the sender sees a
            // broken pipe instead of the 413. Beyond DRAIN_LIMIT we close rather than read.
            if (ctx.contentLength() <= DRAIN_LIMIT) {
                try (var in = ctx.req().getInputStream()) {
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                } catch (java.io.IOException ignored) {
                    // the sender went away; the answer below is best effort
                }
            } else {
                ctx.header("Connection", "close");
            }
            tooLarge(ctx, source, ingestor.refuseTooLarge(source).limitBytes());
            return;
        }
        byte[] body;
        try {
            body = ctx.bodyAsBytes();
        } catch (io.javalin.http.HttpResponseException e) {
            // A body sent without its length (chunked) that outgrows the gateway's limit: the largest source's.
            if (e.getStatus() != 413 || !ingestor.knows(source)) throw e;
            tooLarge(ctx, source, ingestor.refuseTooLarge(source).limitBytes());
            return;
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : java.util.Collections.list(ctx.req().getHeaderNames())) {
            headers.put(name, java.util.Collections.list(ctx.req().getHeaders(name)));
        }
        IngestResult result;
        try {
            result = ingestor.ingest(source, new WebhookRequest(headers, body), ctx.contentType(), traceId);
        } catch (StoreOverloadedException e) {
            ctx.header("Retry-After", "1");
            Problem.write(ctx, 503, "overloaded", "Gateway overloaded",
                    "The gateway is behind on writing to disk; the event was not stored. Retry shortly.");
            return;
        } catch (StoreException e) {
            // The trace id, not the message id: the sender got it (Trace-Id), while the message id was never answered.
            log.error("could not store a message from {} (trace {}): {}", source, traceId, e.getMessage());
            ctx.header("Retry-After", "5");
            Problem.write(ctx, 503, "store-unavailable", "Store unavailable",
                    "The event was not stored; nothing was acknowledged. Retry later.");
            return;
        }
        switch (result) {
            case IngestResult.Accepted a -> accepted(ctx, 202, a.messageId(), "accepted");
            case IngestResult.Duplicate d -> accepted(ctx, 200, d.messageId(), "duplicate");
            // Slack takes the challenge back as plain text (its docs' first form).
            case IngestResult.Handshake h -> ctx.status(200).contentType("text/plain; charset=utf-8").result(h.answer());
            case IngestResult.TooLarge t -> tooLarge(ctx, source, t.limitBytes());
            case IngestResult.Unverified u -> Problem.write(ctx, 401, u.reason().slug(), "Signature verification failed",
                    u.detail());
            case IngestResult.MalformedPayload m -> Problem.malformedPayload(ctx, m.reason().slug(),
                    m.detail() + ". The event was not stored; sending the same payload again gets the same answer.");
            case IngestResult.RateLimited r -> {
                ctx.header("Retry-After", Integer.toString(r.retryAfterSeconds()));
                Problem.write(ctx, 429, "rate-limited", "Too many requests",
                        "This source's rate limit (sources." + source + ".rate-limit) is spent for now; the event was not stored. Retry after "
                                + r.retryAfterSeconds() + " s.");
            }
            case IngestResult.Overloaded o -> {
                ctx.header("Retry-After", Integer.toString(o.retryAfterSeconds()));
                Problem.write(ctx, 503, "overloaded", "Gateway overloaded",
                        o.backlog() + " deliveries are waiting (delivery.max-backlog); the event was not stored. Retry later.");
            }
            case IngestResult.UnknownSource u -> Problem.write(ctx, 404, "unknown-source", "Unknown source", polled.contains(u.source())
                    ? "The source '" + u.source() + "' is polled by Junction: it takes no webhooks (POST /api/v1/sources/" + u.source()
                            + "/poll polls it now)."
                    : "No source named '" + u.source() + "' is configured; check the URL against the sources in the config.");
        }
    }

    private static void accepted(Context ctx, int status, String id, String what) {
        ctx.status(status).contentType("application/json")
                .result(Problem.JSON.createObjectNode().put("id", id).put("status", what).toString());
    }

    /** Only a configured source gets here, so its name is the config's, not whatever the path said. */
    private static void tooLarge(Context ctx, String source, long limit) {
        Problem.tooLarge(ctx, "The body is larger than this source's limit of " + limit + " bytes (sources." + source + ".max-body).");
    }
}
