package dev.junction.engine.poll;

import dev.junction.core.explain.DurationText;
import dev.junction.core.net.AddressPolicy;
import dev.junction.core.net.UserAgent;
import dev.junction.engine.net.BoundedAnswer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * GETs one page of a polled API or one calendar: its credentials, its host's rate limit, its timeout, a fresh token after
 * a 401, the redirects a calendar client follows ({@link Redirects}), and a whole answer within the timeout and
 * {@link BoundedAnswer#MAX_BYTES}.
 */
final class PageFetcher {

    private final HttpClient http;
    private final HostLimits limits;
    private final Redirects redirects;
    private final int maxBytes;

    PageFetcher(HttpClient http, HostLimits limits) {
        this(http, limits, new Redirects(AddressPolicy.ofDefaults()), BoundedAnswer.MAX_BYTES);
    }

    /** @param maxBytes the largest body read ({@link BoundedAnswer}) */
    PageFetcher(HttpClient http, HostLimits limits, Redirects redirects, int maxBytes) {
        this.http = http;
        this.limits = limits;
        this.redirects = redirects;
        this.maxBytes = maxBytes;
    }

    Page get(URI uri, Credentials credentials, Map<String, String> conditional, Duration timeout) throws IOException, InterruptedException {
        return get(uri, credentials, conditional, timeout, "application/json");
    }

    Page get(URI uri, Credentials credentials, Map<String, String> conditional, Duration timeout, String accept)
            throws IOException, InterruptedException {
        Page page = once(uri, credentials, conditional, timeout, accept);
        // An expired or revoked OAuth token: fetch another and try once more.
        if (page.status() == 401 && credentials.invalidate()) page = once(uri, credentials, conditional, timeout, accept);
        return page;
    }

    private Page once(URI uri, Credentials credentials, Map<String, String> conditional, Duration timeout, String accept)
            throws IOException, InterruptedException {
        if (!limits.acquire(uri, timeout)) throw new IOException("rate limit of " + uri.getHost() + " allowed no request within " + DurationText.of(timeout));
        String authorization = credentials.authorization();
        URI at = uri;
        long deadline = System.nanoTime() + timeout.toNanos(); // the redirects share the request's budget
        for (int hops = 0; ; hops++) {
            Duration left = Duration.ofNanos(deadline - System.nanoTime());
            if (left.toMillis() <= 0) throw new java.net.http.HttpTimeoutException("redirects took the whole " + DurationText.of(timeout));
            HttpRequest.Builder request = HttpRequest.newBuilder(at).timeout(left).header("Accept", accept)
                    .header(UserAgent.HEADER, UserAgent.JUNCTION).GET();
            // The API's credentials go to the API, not to wherever it redirects.
            if (authorization != null && Redirects.sameOrigin(at, uri)) request.header("Authorization", authorization);
            conditional.forEach(request::header);
            HttpResponse<byte[]> response = BoundedAnswer.receive(http, request.build(), left, maxBytes);
            Optional<URI> next = hops < Redirects.MAX ? redirects.next(uri, at, response.statusCode(), response.headers()) : Optional.empty();
            if (next.isEmpty()) {
                byte[] body = ContentEncoding.decode(response.headers().firstValue("Content-Encoding").orElse(null), response.body(), maxBytes);
                return new Page(uri, response.statusCode(), response.headers(), body);
            }
            at = next.get();
        }
    }
}
