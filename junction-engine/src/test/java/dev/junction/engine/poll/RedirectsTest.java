package dev.junction.engine.poll;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.config.PollSpec;
import dev.junction.core.net.AddressPolicy;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The redirects a poll follows: which ones (decided on names a test resolver answers for, since every real socket here
 * is on loopback), and, over real sockets, that they are followed and that an API's credentials stay with the API.
 */
class RedirectsTest {

    private static final Map<String, String> NAMES = Map.of(
            "www.airbnb.com", "52.1.2.3", "cdn.example", "151.101.1.1", "internal.example", "10.0.0.5",
            "pms.internal", "10.0.0.7", "metadata.example", "169.254.169.254");

    private final Redirects redirects = new Redirects(AddressPolicy.custom().resolver(host -> {
        String address = NAMES.get(host);
        if (address != null) return List.of(InetAddress.getByName(address));
        if (Character.isDigit(host.charAt(0)) || host.startsWith("[")) return List.of(InetAddress.getByName(host));
        throw new UnknownHostException(host);
    }).build());

    private Optional<URI> next(String from, int status, String location) {
        HttpHeaders headers = HttpHeaders.of(location == null ? Map.of() : Map.of("Location", List.of(location)), (a, b) -> true);
        return redirects.next(URI.create(from), URI.create(from), status, headers);
    }

    @Test
    void aMovedFeedIsFollowedToItsNewPlaceRelativeOrAbsolute() {
        assertThat(next("https://www.airbnb.com/calendar/ical/1.ics?s=k", 301, "https://cdn.example/cal/1.ics?sig=x"))
                .contains(URI.create("https://cdn.example/cal/1.ics?sig=x"));
        assertThat(next("https://www.airbnb.com/calendar/ical/1.ics?s=k", 302, "/calendar/ical/2.ics?s=k"))
                .contains(URI.create("https://www.airbnb.com/calendar/ical/2.ics?s=k"));
        assertThat(next("http://www.airbnb.com/calendar/ical/1.ics", 308, "https://www.airbnb.com/calendar/ical/1.ics"))
                .contains(URI.create("https://www.airbnb.com/calendar/ical/1.ics"));
        for (int status : new int[] {303, 307}) {
            assertThat(next("https://www.airbnb.com/a.ics", status, "https://cdn.example/a.ics")).isPresent();
        }
    }

    @Test
    void noDowngradeNoOtherSchemeAndNothingThatIsNotARedirect() {
        assertThat(next("https://www.airbnb.com/a.ics", 301, "http://cdn.example/a.ics")).isEmpty();
        assertThat(next("https://www.airbnb.com/a.ics", 302, "file:///etc/passwd")).isEmpty();
        assertThat(next("https://www.airbnb.com/a.ics", 302, "ftp://cdn.example/a.ics")).isEmpty();
        assertThat(next("https://www.airbnb.com/a.ics", 302, null)).isEmpty();
        assertThat(next("https://www.airbnb.com/a.ics", 302, " ")).isEmpty();
        assertThat(next("https://www.airbnb.com/a.ics", 300, "https://cdn.example/a.ics")).isEmpty();
        assertThat(next("https://www.airbnb.com/a.ics", 304, "https://cdn.example/a.ics")).isEmpty();
        assertThat(next("https://www.airbnb.com/a.ics", 200, "https://cdn.example/a.ics")).isEmpty();
    }

    @Test
    void aPublicFeedCannotLeadTheGatewayIntoItsOwnNetworkButAnInternalOneMayMoveWithinIt() {
        for (String inside : List.of("http://internal.example/admin", "http://metadata.example/latest/meta-data/",
                "http://169.254.169.254/latest/meta-data/", "http://127.0.0.1:8080/api/v1/keys", "http://[::1]/", "http://nowhere.example/")) {
            assertThat(next("https://www.airbnb.com/a.ics", 302, inside)).as(inside).isEmpty();
        }
        assertThat(next("http://pms.internal/feeds/1.ics", 301, "http://internal.example/feeds/1.ics")).isPresent();
        assertThat(next("http://127.0.0.1:9000/a.ics", 301, "http://127.0.0.1:9001/a.ics")).isPresent();
    }

    @Test
    void credentialsGoOnlyToTheSameSchemeHostAndPort() {
        assertThat(Redirects.sameOrigin(URI.create("https://api.example/a"), URI.create("https://API.example:443/b"))).isTrue();
        assertThat(Redirects.sameOrigin(URI.create("https://api.example/a"), URI.create("https://cdn.example/a"))).isFalse();
        assertThat(Redirects.sameOrigin(URI.create("https://api.example/a"), URI.create("https://api.example:8443/a"))).isFalse();
        assertThat(Redirects.sameOrigin(URI.create("https://api.example/a"), URI.create("http://api.example/a"))).isFalse();
    }

    @Test
    void overRealSocketsARedirectIsFollowedAndTheTokenIsSentOnlyToTheApiItself() throws Exception {
        try (FakeApi api = new FakeApi(); HttpClient http = HttpClient.newHttpClient()) {
            api.put("1", "{\"id\":\"1\"}");
            PageFetcher fetcher = new PageFetcher(http, new HostLimits(List.of()));
            Credentials bearer = new Credentials(new PollSpec.Auth.Bearer("tok_secret_123"), http, Clock.systemUTC(), Duration.ofSeconds(5));

            api.movedTo = "/items";
            Page same = fetcher.get(URI.create(api.url("/moved")), bearer, Map.of(), Duration.ofSeconds(5));
            api.movedTo = "http://localhost:" + api.port() + "/items";
            api.movedWith = 302;
            Page other = fetcher.get(URI.create(api.url("/moved")), bearer, Map.of(), Duration.ofSeconds(5));
            api.movedTo = api.url("/moved");
            Page loop = fetcher.get(URI.create(api.url("/moved")), bearer, Map.of(), Duration.ofSeconds(5));

            assertThat(same.status()).isEqualTo(200);
            assertThat(new String(same.body())).contains("\"id\":\"1\"");
            assertThat(other.status()).isEqualTo(200);
            List<FakeApi.Request> requests = api.requests();
            assertThat(requests.get(1).uri()).isEqualTo("/items");
            assertThat(requests.get(1).headers()).containsEntry("authorization", "Bearer tok_secret_123").containsEntry("user-agent", "Junction");
            assertThat(requests.get(3).headers().get("host")).startsWith("localhost:");
            assertThat(requests.get(3).headers()).doesNotContainKey("authorization");
            assertThat(loop.status()).as("a loop ends after %d redirects, as the answer it is", Redirects.MAX).isEqualTo(302);
            assertThat(requests).hasSize(4 + Redirects.MAX + 1);
        }
    }
}
