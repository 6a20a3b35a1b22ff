package dev.junction.client.idempotency;

import dev.junction.core.idempotency.IdempotencyKeyHeader;
import dev.junction.core.idempotency.RequestFingerprint;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
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
 * done part of its work. Responses are buffered to be stored; asynchronous servlets are not supported.
 */
public final class IdempotencyFilter implements Filter {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyFilter.class);

    /** The header marking a replayed response. */
    public static final String REPLAYED = "Idempotent-Replayed";

    private final IdempotencyStore store;
    private final IdempotencyConfig config;

    public IdempotencyFilter(IdempotencyStore store, IdempotencyConfig config) {
        this.store = store;
        this.config = config;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)
                || !config.methods().contains(request.getMethod())) {
            chain.doFilter(req, res);
            return;
        }
        List<String> values = Collections.list(request.getHeaders(IdempotencyKeyHeader.NAME));
        if (values.isEmpty()) {
            if (config.required()) {
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
            Problems.write(response, 400, "idempotency-key-invalid", "Invalid Idempotency-Key", e.getMessage());
            return;
        }
        Optional<byte[]> body = readBody(request);
        if (body.isEmpty()) {
            Problems.write(response, 413, "body-too-large", "Request body too large",
                    "An idempotent request's body may be at most " + config.maxBodyBytes() + " bytes.");
            return;
        }
        String query = request.getQueryString();
        String fingerprint = RequestFingerprint.of(request.getMethod(), request.getRequestURI() + (query == null ? "" : "?" + query), body.get());
        String client = scope(config.clientIdentity().of(request));
        Optional<IdempotencyRecord> held = store.claim(client, key, fingerprint, config.clock().instant(), config.lock(), config.ttl());
        if (held.isPresent()) {
            answerFrom(response, held.get(), fingerprint);
        } else {
            run(new CachedBodyRequest(request, body.get()), response, chain, client, key, fingerprint);
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

    private void run(HttpServletRequest request, HttpServletResponse response, FilterChain chain, String client, String key,
                     String fingerprint) throws IOException {
        CapturingResponse capture = new CapturingResponse(response);
        try {
            chain.doFilter(request, capture);
        } catch (IOException | ServletException | RuntimeException e) {
            // Logged without the body or the key's value; the answer is stored so a retry does not run it again.
            log.error("{} {} failed under an Idempotency-Key; its 500 is stored for retries", request.getMethod(), request.getRequestURI(), e);
            capture.reset();
            Problems.write(capture, 500, "internal", "Internal error", "The request failed. Retrying with the same Idempotency-Key returns this answer.");
        } catch (Error e) {
            release(client, key, fingerprint);
            throw e;
        }
        StoredResponse captured = capture.captured();
        if (captured.status() >= 500 && !config.storeServerErrors()) {
            release(client, key, fingerprint);
        } else if (!store.complete(client, key, fingerprint, captured)) {
            log.warn("{} {} ran longer than the Idempotency-Key lock ({}); a retry may have run it again",
                    request.getMethod(), request.getRequestURI(), config.lock());
        }
        capture.send();
    }

    /** The client's id as stored: a longer one than the column holds is hashed, so it still scopes exactly. */
    private static String scope(String client) {
        if (client.length() <= 200) return client;
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(client.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "sha256:" + java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private void release(String client, String key, String fingerprint) {
        try {
            store.release(client, key, fingerprint);
        } catch (RuntimeException e) {
            log.warn("could not release an Idempotency-Key: {}", e.getMessage());
        }
    }

    /** The body, or empty when it is longer than the configured limit. */
    private Optional<byte[]> readBody(HttpServletRequest request) throws IOException {
        try (InputStream in = request.getInputStream()) {
            byte[] bytes = in.readNBytes(config.maxBodyBytes() + 1);
            return bytes.length > config.maxBodyBytes() ? Optional.empty() : Optional.of(bytes);
        }
    }
}
