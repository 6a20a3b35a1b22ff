package dev.junction.server.ical;

import static dev.junction.server.TestGateways.*;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.server.Gateway;
import dev.junction.server.config.ConfigLoader;
import dev.junction.server.ical.OtaFeeds.Stay;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** What an operator sees of and does to an iCal source's feeds over the admin API, beyond IcalHttpTest's. */
class IcalOperatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "tok_export_5f2a9c1e7b3d4f60";
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private static final Stay AIRBNB_STAY = new Stay("1418fb94e984-7c1b3a3e@airbnb.com", TODAY.plusDays(10), TODAY.plusDays(14), "HMQ4XZ8K2P");
    private static final Stay VRBO_STAY = new Stay("3b8e5f9c-6a1d-4c2e", TODAY.plusDays(30), TODAY.plusDays(34), "HA-7Q2K9P");

    @TempDir
    Path dir;

    private OtaFeeds feeds;
    private Gateway gateway;
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger icalLog = (Logger) LoggerFactory.getLogger("dev.junction.engine.poll.IcalLog");

    @BeforeEach
    void open() throws Exception {
        logged.start();
        icalLog.setLevel(ch.qos.logback.classic.Level.INFO); // the tests' logback configuration quiets the rest
        icalLog.addAppender(logged);
        feeds = new OtaFeeds();
        feeds.set("villa-1", "airbnb", OtaFeeds.airbnb(TODAY, AIRBNB_STAY)).set("villa-1", "vrbo", OtaFeeds.vrbo(List.of(VRBO_STAY), List.of()));
        // every: 1h, so no scheduled poll runs during the test: the polls are the ones it asks for.
        String yaml = stripeGateway(dir) + """
                  rentals:
                    ical:
                      every: 1h
                      export-token: "${ICAL_EXPORT_TOKEN}"
                      units:
                        villa-1:
                          airbnb: { url: "%s?s=feedsecret", preset: airbnb }
                          vrbo:   { url: "%s", preset: vrbo }
                """.formatted(feeds.url("villa-1", "airbnb"), feeds.url("villa-1", "vrbo"));
        gateway = start(ConfigLoader.parse(yaml, "test.yaml", Map.of("STRIPE_WEBHOOK_SECRET", STRIPE_SECRET, "ICAL_EXPORT_TOKEN", TOKEN)));
    }

    @AfterEach
    void stop() {
        icalLog.detachAppender(logged);
        icalLog.setLevel(null);
        if (gateway != null) gateway.close();
        feeds.close();
    }

    private void poll() throws Exception {
        HttpResponse<String> response = postEmpty(gateway.port(), "/api/v1/sources/rentals/poll");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private JsonNode feed(String channel) throws Exception {
        return JSON.readTree(get(gateway.port(), "/api/v1/sources/rentals/feeds/villa-1/" + channel).body());
    }

    @Test
    void aFeedHeldBecauseItsAnswerIsNoCalendarIsNotReleasedAndTheAnswerSaysWhy() throws Exception {
        poll();
        feeds.set("villa-1", "airbnb", "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:cut@airbnb.com\r\nDTSTART;VALUE=DATE:2026");
        poll();
        assertThat(feed("airbnb").get("reason").asText()).isEqualTo("unparseable");

        HttpResponse<String> release = postEmpty(gateway.port(), "/api/v1/sources/rentals/feeds/villa-1/airbnb/release");

        assertThat(release.statusCode()).as(release.body()).isEqualTo(409);
        assertThat(release.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(release.body());
        assertThat(problem.get("type").asText()).endsWith("/problems/feed-not-releasable");
        assertThat(problem.get("detail").asText()).contains("villa-1/airbnb of 'rentals'", "unparseable", "Fix the feed where it is served")
                .doesNotContain("feedsecret", "127.0.0.1");
        JsonNode after = feed("airbnb");
        assertThat(after.get("health").asText()).isEqualTo("suspect");
        assertThat(after.get("released").asBoolean()).isFalse();
    }

    /** The lines IcalLog wrote, as "LEVEL message". */
    private List<String> logLines() {
        return logged.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
    }

    @Test
    void anOverbookingIsListedCountedAndLoggedOnceWhileItLasts() throws Exception {
        String gauge = "junction_ical_conflicts_open{source=\"rentals\"} ";
        assertThat(get(gateway.port(), "/metrics").body()).contains(gauge + "0.0");
        Stay overlap = new Stay("5e1c-overlap", TODAY.plusDays(12), TODAY.plusDays(16), "HA-3MX8T1");
        feeds.set("villa-1", "vrbo", OtaFeeds.vrbo(List.of(overlap), List.of()));

        poll();
        poll();

        JsonNode items = JSON.readTree(get(gateway.port(), "/api/v1/sources/rentals/conflicts").body()).get("items");
        assertThat(items).hasSize(1);
        JsonNode conflict = items.get(0);
        assertThat(conflict.get("unit").asText()).isEqualTo("villa-1");
        assertThat(conflict.at("/overlap/start").asText()).isEqualTo(TODAY.plusDays(12).toString());
        assertThat(conflict.at("/overlap/nights").asInt()).isEqualTo(2);
        assertThat(conflict.get("bookings")).extracting(b -> b.get("channel").asText()).containsExactly("airbnb", "vrbo");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> get(gateway.port(), "/metrics").body().contains(gauge + "1.0"));
        assertThat(logLines()).filteredOn(line -> line.contains("overbooking")).singleElement().satisfies(line -> assertThat(line)
                .startsWith("WARN rentals: overbooking on villa-1: airbnb (bk_").contains("and vrbo (bk_",
                        TODAY.plusDays(12) + ".." + TODAY.plusDays(14) + " (2 night(s))")
                .doesNotContain("HMQ4XZ8K2P", "HA-3MX8T1", "airbnb.com", "feedsecret"));

        Stay moved = new Stay(overlap.uid(), TODAY.plusDays(30), TODAY.plusDays(34), overlap.code()); // VRBO moved the stay: resolved
        feeds.set("villa-1", "vrbo", OtaFeeds.vrbo(List.of(moved), List.of()));
        poll();
        assertThat(JSON.readTree(get(gateway.port(), "/api/v1/sources/rentals/conflicts").body()).get("items")).isEmpty();
        assertThat(get(gateway.port(), "/api/v1/sources/stripe/conflicts").statusCode()).isEqualTo(404);
    }
}
