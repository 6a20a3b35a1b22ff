package dev.junction.engine.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.core.config.PollSpec;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A reconciliation's listing over a real socket: a page answered 429 is waited out as the server asks and asked
 * again, a few times, instead of failing a listing of many pages for one rate-limited request. The waits are a
 * test's own (recorded, not slept).
 */
class RecordListingTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-12-02T10:00:00Z"), ZoneOffset.UTC);
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Duration> waits = new CopyOnWriteArrayList<>();
    private FakeApi api;

    @BeforeEach
    void start() throws Exception {
        api = new FakeApi();
        for (int i = 1; i <= 7; i++) api.put("c" + i, "{\"id\":\"c" + i + "\"}");
    }

    @AfterEach
    void stop() {
        api.close();
        http.close();
    }

    /** @param recoverAfter the waits after which the API answers again (never: Integer.MAX_VALUE) */
    private RecordListing listing(int recoverAfter) {
        PollSpec spec = new PollSpec(api.url("/items"), Duration.ofMinutes(1), null, null, "/results", "/id", null, null,
                new PollSpec.Pagination.LinkHeader("next"), 0, Duration.ofSeconds(5));
        RateLimitWaits.Sleeper sleeper = wait -> {
            waits.add(wait);
            if (waits.size() >= recoverAfter) api.failWith = 0;
        };
        return new RecordListing(spec, Map.of(), http, clock, new RateLimitWaits(3, Duration.ofSeconds(30), sleeper));
    }

    @Test
    void aPageAnswered429IsAskedAgainAfterTheWaitTheServerAskedFor() throws Exception {
        api.failWith = 429;
        api.retryAfter = "2";
        assertThat(listing(1).all(() -> true)).hasSize(7);
        assertThat(waits).containsExactly(Duration.ofSeconds(2));
    }

    @Test
    void withoutRetryAfterTheWaitsGrowAndAfterThreeTheListingFails() {
        api.failWith = 503;
        assertThatThrownBy(() -> listing(Integer.MAX_VALUE).all(() -> true)).isInstanceOf(RecordListing.Failed.class)
                .hasMessage("page 1 answered HTTP 503");
        assertThat(waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3));
    }

    @Test
    void aWaitLongerThanTheLongestFailsAtOnce() {
        api.failWith = 429;
        api.retryAfter = "120";
        assertThatThrownBy(() -> listing(1).all(() -> true)).hasMessage("page 1 answered HTTP 429");
        assertThat(waits).isEmpty();
    }

    @Test
    void otherErrorsAreNotWaitedOut() {
        api.failWith = 500;
        assertThatThrownBy(() -> listing(1).all(() -> true)).hasMessage("page 1 answered HTTP 500");
        assertThat(waits).isEmpty();
    }
}
