package dev.junction.engine.poll;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.core.config.PollSpec.Auth;
import dev.junction.core.net.UserAgent;
import dev.junction.engine.net.BoundedAnswer;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * The {@code Authorization} header of a poll: a fixed bearer token, or an OAuth 2.0 client-credentials token
 * fetched from the token endpoint and fetched again shortly before it expires (or after the API refused it).
 */
final class Credentials {

    /** A token is renewed this long before its expiry, so no request goes out with one about to lapse. */
    static final Duration REFRESH_MARGIN = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Auth auth;
    private final HttpClient http;
    private final Clock clock;
    private final Duration timeout;
    private String token;
    private Instant expiresAt = Instant.MIN;

    Credentials(Auth auth, HttpClient http, Clock clock, Duration timeout) {
        this.auth = auth;
        this.http = http;
        this.clock = clock;
        this.timeout = timeout;
    }

    /** The header value, or null for none. */
    synchronized String authorization() throws IOException, InterruptedException {
        return switch (auth) {
            case Auth.None n -> null;
            case Auth.Bearer b -> "Bearer " + b.token();
            case Auth.ClientCredentials cc -> {
                if (token == null || !clock.instant().isBefore(expiresAt.minus(REFRESH_MARGIN))) fetch(cc);
                yield "Bearer " + token;
            }
        };
    }

    /** The API refused the token (401): the next request fetches a new one. */
    synchronized boolean invalidate() {
        if (!(auth instanceof Auth.ClientCredentials)) return false;
        token = null;
        return true;
    }

    private void fetch(Auth.ClientCredentials cc) throws IOException, InterruptedException {
        String form = "grant_type=client_credentials" + (cc.scope() == null ? "" : "&scope=" + URLEncoder.encode(cc.scope(), StandardCharsets.UTF_8));
        String basic = Base64.getEncoder().encodeToString((URLEncoder.encode(cc.clientId(), StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(cc.clientSecret(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        HttpResponse<byte[]> response = BoundedAnswer.receive(http, HttpRequest.newBuilder(URI.create(cc.tokenUrl())).timeout(timeout)
                .header("Authorization", "Basic " + basic).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json").header(UserAgent.HEADER, UserAgent.JUNCTION)
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), timeout, BoundedAnswer.MAX_BYTES);
        // Neither the body nor the secret goes into the error: both may hold credentials.
        if (response.statusCode() / 100 != 2) throw new IOException("token endpoint answered HTTP " + response.statusCode());
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IOException("token endpoint answered something other than JSON");
        }
        JsonNode access = body.path("access_token");
        if (!access.isTextual() || access.asText().isEmpty()) throw new IOException("token endpoint answered no access_token");
        token = access.asText();
        long seconds = body.path("expires_in").asLong(3600);
        expiresAt = clock.instant().plusSeconds(Math.max(seconds, 1));
    }
}
