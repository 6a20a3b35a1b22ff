package dev.junction.engine.poll;

import dev.junction.core.net.UserAgent;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** GETs one page of a polled API: its credentials, its host's rate limit, its timeout, and a fresh token after a 401. */
final class PageFetcher {

    private final HttpClient http;
    private final HostLimits limits;

    PageFetcher(HttpClient http, HostLimits limits) {
        this.http = http;
        this.limits = limits;
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
        if (!limits.acquire(uri, timeout)) throw new IOException("rate limit of " + uri.getHost() + " allowed no request within " + timeout);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", accept)
                .header(UserAgent.HEADER, UserAgent.JUNCTION).GET();
        String authorization = credentials.authorization();
        if (authorization != null) request.header("Authorization", authorization);
        conditional.forEach(request::header);
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Page(uri, response.statusCode(), response.headers(), response.body());
    }
}
