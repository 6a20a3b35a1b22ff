package dev.junction.engine.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.junction.core.config.PollSpec.Auth;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * OAuth 2.0 client credentials against a real token endpoint on 127.0.0.1: the token is fetched once, kept
 * until shortly before it expires (a clock moved by hand), fetched again after the API refused it, and a
 * refusing endpoint is an error that shows neither the secret nor the answer's body.
 */
class CredentialsTest {

    private static final String SECRET = "cs-very-secret-value";
    private static final Auth.ClientCredentials AUTH = new Auth.ClientCredentials("", "crm-client", SECRET, "contacts:read");

    private final AtomicInteger issued = new AtomicInteger();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile int answer = 200;
    private HttpServer tokens;
    private final PollerTest.ManualClock clock = new PollerTest.ManualClock();

    @BeforeEach
    void start() throws IOException {
        tokens = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        tokens.createContext("/oauth/token", exchange -> {
            try (exchange) {
                String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                requests.add(exchange.getRequestHeaders().getFirst("Authorization") + " | " + form);
                byte[] body = (answer == 200
                        ? "{\"access_token\":\"tok-" + issued.incrementAndGet() + "\",\"token_type\":\"Bearer\",\"expires_in\":120}"
                        : "{\"error\":\"invalid_client\",\"echo\":\"" + SECRET + "\"}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(answer, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        tokens.start();
    }

    @AfterEach
    void stop() {
        tokens.stop(0);
    }

    private Credentials credentials() {
        Auth.ClientCredentials auth = new Auth.ClientCredentials("http://127.0.0.1:" + tokens.getAddress().getPort() + "/oauth/token",
                AUTH.clientId(), AUTH.clientSecret(), AUTH.scope());
        return new Credentials(auth, HttpClient.newHttpClient(), clock, Duration.ofSeconds(5));
    }

    @Test
    void aTokenIsFetchedOnceAndAgainShortlyBeforeItExpires() throws Exception {
        Credentials credentials = credentials();

        assertThat(credentials.authorization()).isEqualTo("Bearer tok-1");
        assertThat(credentials.authorization()).isEqualTo("Bearer tok-1");
        assertThat(requests).hasSize(1);
        String basic = Base64.getEncoder().encodeToString(("crm-client:" + SECRET).getBytes(StandardCharsets.UTF_8));
        assertThat(requests.get(0)).isEqualTo("Basic " + basic + " | grant_type=client_credentials&scope=contacts%3Aread");

        clock.advance(Duration.ofSeconds(120).minus(Credentials.REFRESH_MARGIN).minusSeconds(1));
        assertThat(credentials.authorization()).as("still well within its life").isEqualTo("Bearer tok-1");
        clock.advance(Duration.ofSeconds(1));
        assertThat(credentials.authorization()).as("within the margin before expiry: renewed").isEqualTo("Bearer tok-2");
        assertThat(requests).hasSize(2);
    }

    @Test
    void aTokenTheApiRefusedIsReplacedAtTheNextRequest() throws Exception {
        Credentials credentials = credentials();
        assertThat(credentials.authorization()).isEqualTo("Bearer tok-1");

        assertThat(credentials.invalidate()).isTrue();

        assertThat(credentials.authorization()).isEqualTo("Bearer tok-2");
        assertThat(new Credentials(new Auth.Bearer("fixed"), HttpClient.newHttpClient(), clock, Duration.ofSeconds(5)).invalidate())
                .as("a fixed bearer token has nothing to fetch again").isFalse();
    }

    @Test
    void aRefusingTokenEndpointIsAnErrorWithoutTheSecretOrTheBody() {
        answer = 401;
        assertThatThrownBy(() -> credentials().authorization()).isInstanceOf(IOException.class)
                .hasMessage("token endpoint answered HTTP 401").hasMessageNotContaining(SECRET);
    }
}
