package dev.junction.client.idempotency;

import dev.junction.client.jdbc.ClientStoreException;
import dev.junction.client.jdbc.StoredText;
import dev.junction.core.idempotency.IdempotencyKeyHeader;
import dev.junction.core.idempotency.RequestFingerprint;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code Idempotency-Key} for a service's own API, as draft-ietf-httpapi-idempotency-key-header-07 describes it. For
 * the configured methods (POST and PATCH by default) a request with a key runs once per key and client; a retry
 * with the same key and the same request (method, path and canonical body) gets the first response again, status,
 * headers and body, errors included, with {@code Idempotent-Replayed: true}. The same key with another request is a
 * 422, a retry while the first still runs a 409 (with {@code Retry-After}), a missing key a 400 where keys are
 * required; each as RFC 9457 problem+json. Keys expire after {@link IdempotencyConfig#ttl()}.
 *
 * <p>A handler's exception is answered and stored as a 500 problem, so a retry does not run a request that may have
 * done part of its work. Responses are buffered to be stored and sent once the handler returns. An asynchronous
 * handler ({@code startAsync}, or Spring MVC's {@code Callable} and {@code DeferredResult}) has its response passed on
 * as it is written and stored when it is complete: when the handler calls {@code complete()}, or when its async
 * dispatch returns (map the filter to {@link DispatcherType#ASYNC} as well for that), before the container finishes
 * the response. When it times out or fails, or the container otherwise answers instead of the handler, the key is let
 * go, so a retry runs the request. The filter keys requests as they arrive ({@link DispatcherType#REQUEST}); other
 * dispatches pass through.
 */
public final class IdempotencyFilter implements Filter {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyFilter.class);

    /** The header marking a replayed response. */
    public static final String REPLAYED = "Idempotent-Replayed";

    /** The scope of requests whose identity names nobody. */
    private static final String ANONYMOUS = "anonymous";

    /** The request attribute holding an async request's {@link AsyncCompletion}, for its async dispatches. */
    private static final String ASYNC_COMPLETION = IdempotencyFilter.class.getName() + ".asyncCompletion";

    private final IdempotencyStore store;
    private final IdempotencyConfig config;

    public IdempotencyFilter(IdempotencyStore store, IdempotencyConfig config) {
        this.store = store;
        this.config = config;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        if (req.getDispatcherType() == DispatcherType.ASYNC && req.getAttribute(ASYNC_COMPLETION) instanceof AsyncCompletion completion) {
            chain.doFilter(req, res);
            // The async dispatch wrote the answer; the container sends its end after this returns: store it first.
            if (!req.isAsyncStarted()) completion.answered();
            return;
        }
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)
                || request.getDispatcherType() != DispatcherType.REQUEST || !config.methods().contains(request.getMethod())) {
            chain.doFilter(req, res);
            return;
        }
        List<String> values = Collections.list(request.getHeaders(IdempotencyKeyHeader.NAME));
        if (values.isEmpty()) {
            if (config.required()) {
                dropBody(request, response);
                Problems.write(response, 400, "idempotency-key-missing", "Idempotency-Key required",
                        request.getMethod() + " requests need an Idempotency-Key header: send a fresh random value per operation, e.g. "
                                + "Idempotency-Key: \"" + java.util.UUID.randomUUID() + "\".");
            } else {
                chain.doFilter(req, res);
            }
            return;
        }
        String key;
        try {
            key = IdempotencyKeyHeader.parseSingle(values);
        } catch (IdempotencyKeyHeader.Invalid e) {
            dropBody(request, response);
            Problems.write(response, 400, "idempotency-key-invalid", "Invalid Idempotency-Key", e.getMessage());
            return;
        }
        Optional<byte[]> body = readBody(request);
        if (body.isEmpty()) {
            response.setHeader("Connection", "close"); // the rest of the body is unread: the connection cannot carry another request
            Problems.write(response, 413, "body-too-large", "Request body too large",
                    "An idempotent request's body may be at most " + config.maxBodyBytes() + " bytes.");
            return;
        }
        String query = request.getQueryString();
        String fingerprint = RequestFingerprint.of(request.getMethod(), request.getRequestURI() + (query == null ? "" : "?" + query), body.get());
        String client = scope(config.clientIdentity().of(request));
        Instant claimedAt = config.clock().instant();
        Optional<IdempotencyRecord> held;
        try {
            held = store.claim(client, key, fingerprint, claimedAt, config.lock(), config.ttl());
        } catch (ClientStoreException e) {
            // Nothing ran and nothing is held: the client may retry with the same key (the container's own 500 page
            // said neither, and was not problem+json).
            // The SQL state only: a driver's message may quote the statement's values.
            String state = e.getCause() instanceof java.sql.SQLException sql ? sql.getSQLState() : null;
            log.warn("{} {}: the Idempotency-Key could not be claimed (SQL state {})", request.getMethod(), request.getRequestURI(), state);
            response.setHeader("Retry-After", "1");
            Problems.write(response, 503, "idempotency-store-unavailable", "Idempotency store unavailable",
                    "The request did not run: its Idempotency-Key could not be recorded. Retry with the same key.");
            return;
        }
        if (held.isPresent()) {
            answerFrom(response, held.get(), fingerprint);
        } else {
            run(request, body.get(), response, chain, new Claim(client, key, fingerprint, claimedAt));
        }
    }

    private void answerFrom(HttpServletResponse response, IdempotencyRecord held, String fingerprint) throws IOException {
        if (!held.fingerprint().equals(fingerprint)) {
            Problems.write(response, 422, "idempotency-key-reused", "Idempotency-Key reused",
                    "This Idempotency-Key was first used with a different request (method, path or body). Use a new key for a new request.");
        } else if (held.inFlight()) {
            response.setHeader("Retry-After", "1");
            Problems.write(response, 409, "idempotency-key-in-flight", "Request still in progress",
                    "The first request with this Idempotency-Key has not finished yet; retry after a second to get its response.");
        } else {
            StoredResponse stored = held.response();
            response.setStatus(stored.status());
            for (Map.Entry<String, String> h : stored.headers()) response.addHeader(h.getKey(), h.getValue());
            response.setHeader(REPLAYED, "true");
            response.setContentLength(stored.body().length);
            response.getOutputStream().write(stored.body());
        }
    }

    /** The key this request holds, and the instant it claimed it: the holder's mark, which a takeover changes. */
    private record Claim(String client, String key, String fingerprint, Instant at) {}

    private void run(HttpServletRequest original, byte[] body, HttpServletResponse response, FilterChain chain, Claim claim)
            throws IOException {
        CapturingResponse capture = new CapturingResponse(response);
        String what = original.getMethod() + " " + original.getRequestURI();
        Runnable release = () -> release(claim);
        AsyncCompletion completion = new AsyncCompletion(() -> {
            if (capture.answeredByContainer()) release.run(); else keep(capture, claim, what);
        }, release, what);
        HttpServletRequest request = new CachedBodyRequest(original, body, capture, completion);
        try {
            chain.doFilter(request, capture);
        } catch (IOException | ServletException | RuntimeException e) {
            // Logged without the body or the key's value; the answer is stored so a retry does not run it again.
            log.error("{} failed under an Idempotency-Key; its 500 is stored for retries", what, e);
            capture.reset();
            Problems.write(capture, 500, "internal", "Internal error", "The request failed. Retrying with the same Idempotency-Key returns this answer.");
            keep(capture, claim, what);
            capture.send();
            return;
        } catch (Error e) {
            release(claim);
            throw e;
        }
        if (request.isAsyncStarted()) {
            // The response is written later, on whatever thread the handler chose, and finished by the container.
            request.setAttribute(ASYNC_COMPLETION, completion);
            capture.streamFromNowOn();
            return;
        }
        if (capture.askedForErrorPage()) {
            // An error the container renders (an unknown path, Spring's 400 for an unreadable body, a 415, a
            // ResponseStatusException): its page is written after this filter, so there is nothing to store; the key
            // is let go, and a retry runs again. Stored, it was an empty answer replayed for the key's whole life.
            release(claim);
            capture.sendErrorThrough();
            return;
        }
        keep(capture, claim, what);
        capture.send();
    }

    /** Stores what the handler answered, or lets the key go for a 5xx when those are not stored. */
    private void keep(CapturingResponse capture, Claim claim, String what) {
        StoredResponse captured = capture.captured();
        if (captured.status() >= 500 && !config.storeServerErrors()) {
            release(claim);
        } else {
            try {
                if (!store.complete(claim.client(), claim.key(), claim.fingerprint(), claim.at(), captured)) {
                    log.warn("{} ran longer than the Idempotency-Key lock ({}); a retry may have run it again", what, config.lock());
                }
            } catch (RuntimeException e) {
                // The handler ran: its answer still goes to the client, and the key must not let a retry run it again.
                log.error("{} ran, but its answer could not be stored under its Idempotency-Key: {}", what, e.getMessage());
                keepInstead(claim, what, captured.status());
            }
        }
    }

    /**
     * Stores, in place of an answer the store refused (too large for it, or the store failed just then), a 409 that
     * says the request ran: a retry gets it instead of running the request again once the lock passes.
     */
    private void keepInstead(Claim claim, String what, int status) {
        byte[] body = Problems.json(409, "idempotent-answer-lost", "Request ran; its answer was not kept",
                "The first request with this Idempotency-Key ran (it answered " + status + "), but its answer could not be stored, so it "
                        + "cannot be replayed. It is not run again: do not resend it under a new key, look its result up instead.");
        StoredResponse lost = new StoredResponse(409, List.of(Map.entry("Content-Type", "application/problem+json")), body);
        try {
            store.complete(claim.client(), claim.key(), claim.fingerprint(), claim.at(), lost);
        } catch (RuntimeException e) {
            log.error("{}: the Idempotency-Key could not be completed either; a retry after the lock ({}) runs it again: {}", what,
                    config.lock(), e.getMessage());
        }
    }

    /**
     * The client's id as stored: a longer one than the column holds is hashed, so it still scopes exactly; none (an
     * identity read from a header the client left out) is {@code anonymous}, as {@link ClientIdentity#PRINCIPAL} says. A
     * client really named {@code anonymous} (or anything starting with {@code ~}) is stored with a {@code ~} before it,
     * so it never shares the scope of the callers without one.
     */
    static String scope(String client) {
        if (client == null || client.isEmpty()) return ANONYMOUS;
        if (client.equals(ANONYMOUS) || client.startsWith("~")) client = "~" + client;
        return StoredText.key(client, 200);
    }

    private void release(Claim claim) {
        try {
            store.release(claim.client(), claim.key(), claim.fingerprint(), claim.at());
        } catch (RuntimeException e) {
            log.warn("could not release an Idempotency-Key: {}", e.getMessage());
        }
    }

    /** The body, or empty when it is longer than the configured limit. */
    /**
     * Before a refusal that does not run the request: reads its body and drops it (up to the idempotent body limit),
     * so the connection can carry the client's next request. Answered with the body still unread, the container
     * closed the connection once the body arrived, after an answer that did not say so, and a client that pools
     * connections sent its next request into the closed one ("header parser received no bytes"). A body past the
     * limit is not read: the answer says {@code Connection: close}.
     */
    private void dropBody(HttpServletRequest request, HttpServletResponse response) {
        try {
            InputStream in = request.getInputStream();
            byte[] buffer = new byte[8192];
            long left = config.maxBodyBytes() + 1L;
            int n;
            while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) != -1) left -= n;
            if (left <= 0) response.setHeader("Connection", "close");
        } catch (IOException e) {
            response.setHeader("Connection", "close");
        }
    }

    private Optional<byte[]> readBody(HttpServletRequest request) throws IOException {
        try (InputStream in = request.getInputStream()) {
            byte[] bytes = in.readNBytes(config.maxBodyBytes() + 1);
            return bytes.length > config.maxBodyBytes() ? Optional.empty() : Optional.of(bytes);
        }
    }
}
