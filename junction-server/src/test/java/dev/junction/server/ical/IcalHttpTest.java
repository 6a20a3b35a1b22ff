package dev.junction.server.ical;

import static dev.junction.server.TestGateways.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.server.Downstream;
import dev.junction.server.Gateway;
import dev.junction.server.cli.CliRun;
import dev.junction.server.config.ConfigLoader;
import dev.junction.server.ical.OtaFeeds.Stay;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway with an iCal source, end to end: real Airbnb-, Booking.com- and VRBO-shaped feeds that the test changes
 * between polls asked for over the admin API; the export each channel imports; messages to a real downstream.
 */
class IcalHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "tok_export_5f2a9c1e7b3d4f60";
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private static final Stay AIRBNB_STAY = new Stay("1418fb94e984-7c1b3a3e@airbnb.com", TODAY.plusDays(10), TODAY.plusDays(14), "HMQ4XZ8K2P");
    private static final Stay BOOKING_STAY = new Stay("4f2c9d1e7a8b6c5d@booking.com", TODAY.plusDays(20), TODAY.plusDays(23), null);
    private static final Stay VRBO_OVERLAP = new Stay("3b8e5f9c-6a1d-4c2e", TODAY.plusDays(12), TODAY.plusDays(16), "HA-7Q2K9P");
    private static final Stay VRBO_BLOCK = new Stay("5d2f8a1c-block", TODAY.plusDays(40), TODAY.plusDays(47), null);

    @TempDir
    Path dir;

    private OtaFeeds feeds;
    private Downstream downstream;
    private Gateway gateway;

    @BeforeEach
    void open() throws Exception {
        feeds = new OtaFeeds();
        downstream = new Downstream();
        feeds.set("villa-1", "airbnb", OtaFeeds.airbnb(TODAY, AIRBNB_STAY))
                .set("villa-1", "booking", OtaFeeds.booking(BOOKING_STAY))
                .set("villa-1", "vrbo", OtaFeeds.vrbo(List.of(), List.of(VRBO_BLOCK)));
    }

    @AfterEach
    void stop() {
        if (gateway != null) gateway.close();
        downstream.close();
        feeds.close();
    }

    private String yaml(String settings) {
        // every: 1h, so no scheduled poll runs during the test: the polls are the ones it asks for.
        return stripeGateway(dir) + """
                  rentals:
                    ical:
                      every: 1h
                """ + settings + """
                      export-token: "${ICAL_EXPORT_TOKEN}"
                      units:
                        villa-1:
                          airbnb:  { url: "%s?s=feedsecret", preset: airbnb }
                          booking: { url: "%s", preset: booking }
                          vrbo:    { url: "%s", preset: vrbo }
                destinations:
                  pms: { url: "%s", retry: { max-attempts: 3, initial-delay: 50ms, max-delay: 1s } }
                routes:
                  - from: rentals
                    to: [pms]
                """.formatted(feeds.url("villa-1", "airbnb"), feeds.url("villa-1", "booking"), feeds.url("villa-1", "vrbo"), downstream.url());
    }

    private void startGateway() {
        startGateway("");
    }

    /** @param settings more lines of the source's {@code ical:} section, each indented by 6 */
    private void startGateway(String settings) {
        gateway = start(ConfigLoader.parse(yaml(settings), "test.yaml", Map.of("STRIPE_WEBHOOK_SECRET", STRIPE_SECRET, "ICAL_EXPORT_TOKEN", TOKEN)));
    }

    private JsonNode poll() throws Exception {
        HttpResponse<String> response = postEmpty(gateway.port(), "/api/v1/sources/rentals/poll");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> export(String channel, String token) throws Exception {
        return request(gateway.port(), "GET", "/ical/rentals/villa-1/" + channel + ".ics" + (token == null ? "" : "?token=" + token), Map.of());
    }

    /** The event types of the source's stored messages, oldest first. */
    private List<String> types() throws Exception {
        JsonNode page = JSON.readTree(get(gateway.port(), "/api/v1/messages?source=rentals&limit=100").body());
        List<String> types = new ArrayList<>();
        page.get("items").forEach(m -> types.add(0, m.get("type").asText()));
        return types;
    }

    private static String date(LocalDate d) {
        return d.toString().replace("-", "");
    }

    @Test
    void aBookingOnOneChannelIsBlockedOnTheOthersAndItsMessageReachesTheDownstream() throws Exception {
        startGateway();

        JsonNode first = poll();

        assertThat(first.get("outcome").asText()).isEqualTo("changed");
        assertThat(first.get("pages").asInt()).isEqualTo(3);
        assertThat(first.get("changes").asInt()).isEqualTo(2);
        assertThat(types()).containsExactly("booking.created", "booking.created");
        await().atMost(Duration.ofSeconds(20)).until(() -> downstream.succeeded().size() == 2);
        JsonNode delivered = JSON.readTree(downstream.succeeded().stream().filter(r -> r.bodyText().contains("airbnb")).findFirst().orElseThrow().body());
        assertThat(delivered.get("unit").asText()).isEqualTo("villa-1");
        assertThat(delivered.at("/booking/confirmationCode").asText()).isEqualTo("HMQ4XZ8K2P");
        assertThat(delivered.at("/booking/start").asText()).isEqualTo(AIRBNB_STAY.start().toString());

        HttpResponse<String> vrbo = export("vrbo", TOKEN);
        assertThat(vrbo.statusCode()).isEqualTo(200);
        assertThat(vrbo.headers().firstValue("Content-Type").orElseThrow()).isEqualTo("text/calendar; charset=utf-8");
        assertThat(vrbo.body()).contains("DTSTART;VALUE=DATE:" + date(AIRBNB_STAY.start()), "DTSTART;VALUE=DATE:" + date(BOOKING_STAY.start()))
                .contains("X-JUNCTION-SOURCE:rentals/villa-1/airbnb").doesNotContain("HMQ4XZ8K2P");
        HttpResponse<String> airbnb = export("airbnb", TOKEN);
        assertThat(airbnb.body()).contains("DTSTART;VALUE=DATE:" + date(BOOKING_STAY.start()))
                .doesNotContain("DTSTART;VALUE=DATE:" + date(AIRBNB_STAY.start()));

        JsonNode second = poll();
        assertThat(second.get("outcome").asText()).isEqualTo("not-modified");
        assertThat(second.get("changes").asInt()).isZero();
        assertThat(feeds.notModified()).isEqualTo(3);
        assertThat(export("vrbo", TOKEN).body()).isEqualTo(vrbo.body());

        String metrics = get(gateway.port(), "/metrics").body();
        assertThat(metrics).contains("junction_feed_last_success_age_seconds{channel=\"airbnb\",source=\"rentals\",unit=\"villa-1\"}");
        assertThat(metrics).doesNotContain(TOKEN, "feedsecret");
    }

    @Test
    void anOverbookingIsRaisedOnceAndAnEmpty200CancelsNothingUntilAnOperatorReleasesTheFeed() throws Exception {
        // The polls are asked for back to back: no hold, or the cancellation would wait an hour (the next test).
        startGateway("      cancel-hold: 0s\n");
        poll();

        feeds.set("villa-1", "vrbo", OtaFeeds.vrbo(List.of(VRBO_OVERLAP), List.of(VRBO_BLOCK)));
        assertThat(poll().get("changes").asInt()).isEqualTo(2);
        poll();
        assertThat(types()).containsExactly("booking.created", "booking.created", "booking.created", "booking.conflict");

        feeds.set("villa-1", "airbnb", OtaFeeds.airbnb(TODAY));
        poll();
        poll();
        assertThat(types()).endsWith("booking.conflict", "feed.suspect").doesNotContain("booking.cancelled");
        assertThat(export("booking", TOKEN).body()).contains("DTSTART;VALUE=DATE:" + date(AIRBNB_STAY.start()));

        HttpResponse<String> released = postEmpty(gateway.port(), "/api/v1/sources/rentals/feeds/villa-1/airbnb/release");
        assertThat(released.statusCode()).as(released.body()).isEqualTo(200);
        assertThat(JSON.readTree(released.body()).get("released").asBoolean()).isTrue();
        assertThat(postEmpty(gateway.port(), "/api/v1/sources/rentals/feeds/villa-1/expedia/release").statusCode()).isEqualTo(404);
        poll();
        assertThat(types()).doesNotContain("booking.cancelled");
        poll();
        assertThat(types()).endsWith("booking.cancelled");
        assertThat(export("booking", TOKEN).body()).doesNotContain("DTSTART;VALUE=DATE:" + date(AIRBNB_STAY.start()));
        await().atMost(Duration.ofSeconds(20)).until(() -> downstream.succeeded().size() == 6);
        assertThat(downstream.succeeded()).filteredOn(r -> r.bodyText().contains("\"overlap\"")).hasSize(1);
    }

    @Test
    void pollsAskedForBackToBackDoNotCancelABookingBeforeTheScheduleWouldHave() throws Exception {
        Stay later = new Stay("9a7e2c4b1f3d5e6a@booking.com", TODAY.plusDays(60), TODAY.plusDays(63), null);
        feeds.set("villa-1", "booking", OtaFeeds.booking(BOOKING_STAY, later));
        startGateway();
        poll();

        feeds.set("villa-1", "booking", OtaFeeds.booking(BOOKING_STAY));
        for (int i = 0; i < 4; i++) poll();

        // Four polls in a second: missing from all of them, but not for an hour (every: 1h, cancel-after-missing: 2).
        assertThat(types()).doesNotContain("booking.cancelled");
        assertThat(export("airbnb", TOKEN).body()).contains("DTSTART;VALUE=DATE:" + date(later.start()));
        JsonNode bookings = JSON.readTree(get(gateway.port(), "/api/v1/sources/rentals/feeds/villa-1/booking/bookings").body()).get("items");
        JsonNode missing = null;
        for (JsonNode b : bookings) if (later.uid().equals(b.path("uids").path(0).asText())) missing = b;
        assertThat(missing).as(bookings.toString()).isNotNull();
        assertThat(missing.get("missingPolls").asInt()).isEqualTo(4);
        assertThat(missing.get("missingSince").isTextual()).isTrue();
    }

    @Test
    void eventsThatAreNoStayJunctionCanReadAreCountedForAnAlert() throws Exception {
        // A stay without UID: its nights would be blocked on no other channel, and a person must hear of it.
        String noUid = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//HomeAway.com, Inc.//EN\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:"
                + date(TODAY.plusDays(30)) + "\r\nDTEND;VALUE=DATE:" + date(TODAY.plusDays(33)) + "\r\nSUMMARY:Reserved - Maria K\r\nEND:VEVENT\r\n"
                + "END:VCALENDAR\r\n";
        feeds.set("villa-1", "vrbo", noUid);
        startGateway();
        String before = get(gateway.port(), "/metrics").body();
        assertThat(before).contains("junction_feed_skipped_events{channel=\"vrbo\",source=\"rentals\",unit=\"villa-1\"} 0.0");

        poll();

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(get(gateway.port(), "/metrics").body())
                .contains("junction_feed_skipped_events{channel=\"vrbo\",source=\"rentals\",unit=\"villa-1\"} 1.0")
                .contains("junction_feed_skipped_events{channel=\"airbnb\",source=\"rentals\",unit=\"villa-1\"} 0.0"));
    }

    @Test
    void aRateLimitedFeedSaysHowLongItAskedUsToWaitAndItsBookingsStay() throws Exception {
        startGateway();
        poll();

        feeds.rateLimited("villa-1", "airbnb", "120");
        JsonNode limited = poll();

        // The source's next scheduled poll waits at least that long (PollSchedule takes Retry-After as its floor).
        assertThat(limited.get("error").asText()).isEqualTo("1 of 3 feeds failed: villa-1/airbnb HTTP 429 (Retry-After 2m)");

        // Asked again at once (an operator's Poll now): not polled, and told how long to wait.
        int asked = feeds.requests();
        HttpResponse<String> again = postEmpty(gateway.port(), "/api/v1/sources/rentals/poll");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(429);
        assertThat(again.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(JSON.readTree(again.body()).get("type").asText()).endsWith("/problems/poll-deferred");
        assertThat(JSON.readTree(again.body()).get("detail").asText()).startsWith("Not polled: the server of rentals asked to wait (Retry-After) until ");
        assertThat(Long.parseLong(again.headers().firstValue("Retry-After").orElseThrow())).isBetween(60L, 120L);
        assertThat(feeds.requests()).isEqualTo(asked);
        assertThat(get(gateway.port(), "/metrics").body()).contains("junction_polls_total{outcome=\"deferred\",source=\"rentals\"} 1.0");
        assertThat(types()).doesNotContain("booking.cancelled");
        assertThat(export("booking", TOKEN).body()).contains("DTSTART;VALUE=DATE:" + date(AIRBNB_STAY.start()));

        // The wait is the poll record's, in the store: a restarted gateway keeps it too.
        assertThat(limited.get("retryAfterSeconds").asLong()).isEqualTo(120);
        gateway.close();
        startGateway();
        HttpResponse<String> afterRestart = postEmpty(gateway.port(), "/api/v1/sources/rentals/poll");
        assertThat(afterRestart.statusCode()).as(afterRestart.body()).isEqualTo(429);
        assertThat(feeds.requests()).isEqualTo(asked);
    }

    @Test
    void anOperatorSeesWhichFeedIsHeldWhyAndTheBookingsJunctionStillHoldsFromIt() throws Exception {
        startGateway();

        JsonNode before = JSON.readTree(get(gateway.port(), "/api/v1/sources/rentals/feeds").body());
        assertThat(before.get("items")).extracting(f -> f.get("channel").asText() + ":" + f.get("health").asText())
                .containsExactly("airbnb:unpolled", "booking:unpolled", "vrbo:unpolled");
        poll();
        JsonNode first = JSON.readTree(get(gateway.port(), "/api/v1/sources/rentals/feeds").body());
        assertThat(first.get("items")).extracting(f -> f.get("channel").asText() + ":" + f.get("health").asText() + ":" + f.get("bookings").asInt())
                .containsExactly("airbnb:healthy:1", "booking:healthy:1", "vrbo:healthy:0");
        assertThat(feeds.userAgent()).startsWith("Junction");

        feeds.set("villa-1", "airbnb", OtaFeeds.airbnb(TODAY)).gone("villa-1", "booking");
        poll();

        HttpResponse<String> misspelt = get(gateway.port(), "/api/v1/sources/rentals/feeds/villa-1/airbnb?verbose=1");
        assertThat(misspelt.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(misspelt.body()).get("detail").asText())
                .isEqualTo("Unknown parameter 'verbose'; this endpoint takes no query parameters.");
        HttpResponse<String> airbnb = get(gateway.port(), "/api/v1/sources/rentals/feeds/villa-1/airbnb");
        assertThat(airbnb.statusCode()).isEqualTo(200);
        JsonNode held = JSON.readTree(airbnb.body());
        assertThat(held.get("health").asText()).isEqualTo("suspect");
        assertThat(held.get("reason").asText()).isEqualTo("empty");
        assertThat(held.get("detail").asText()).isEqualTo("no bookings where there were 1");
        assertThat(held.get("heldSince").isTextual()).isTrue();
        assertThat(held.get("bookings").asInt()).isEqualTo(1);
        JsonNode bookings = JSON.readTree(get(gateway.port(), "/api/v1/sources/rentals/feeds/villa-1/airbnb/bookings").body()).get("items");
        assertThat(bookings).hasSize(1);
        assertThat(bookings.get(0).get("confirmationCode").asText()).isEqualTo("HMQ4XZ8K2P");
        assertThat(bookings.get(0).get("start").asText()).isEqualTo(AIRBNB_STAY.start().toString());
        assertThat(bookings.get(0).get("uids").get(0).asText()).isEqualTo(AIRBNB_STAY.uid());
        JsonNode booking = JSON.readTree(get(gateway.port(), "/api/v1/sources/rentals/feeds/villa-1/booking").body());
        assertThat(booking.get("health").asText()).isEqualTo("failing");
        assertThat(booking.get("lastFailureReason").asText()).isEqualTo("HTTP 404");
        assertThat(booking.get("bookings").asInt()).isEqualTo(1);
        assertThat(booking.get("lastFailure").isTextual()).isTrue();
        String metrics = get(gateway.port(), "/metrics").body();
        assertThat(metrics).contains("junction_feed_held{channel=\"airbnb\",source=\"rentals\",unit=\"villa-1\"} 1.0",
                "junction_feed_held{channel=\"booking\",source=\"rentals\",unit=\"villa-1\"} 0.0");

        // A feed that is not held is not armed: a release takes the next calendar as it is, whatever it holds.
        HttpResponse<String> notHeld = postEmpty(gateway.port(), "/api/v1/sources/rentals/feeds/villa-1/vrbo/release");
        assertThat(notHeld.statusCode()).as(notHeld.body()).isEqualTo(409);
        assertThat(JSON.readTree(notHeld.body()).get("type").asText()).endsWith("/problems/feed-not-held");
        assertThat(JSON.readTree(notHeld.body()).get("detail").asText()).contains("villa-1/vrbo of 'rentals' is healthy, not held");
        assertThat(JSON.readTree(get(gateway.port(), "/api/v1/sources/rentals/feeds/villa-1/vrbo").body()).get("released").asBoolean()).isFalse();

        JsonNode released = JSON.readTree(postEmpty(gateway.port(), "/api/v1/sources/rentals/feeds/villa-1/airbnb/release").body());
        assertThat(released.get("health").asText()).isEqualTo("released");
        assertThat(released.get("released").asBoolean()).isTrue();
        // A scrape reads the states at most once a second for all of a source's gauges.
        await().atMost(Duration.ofSeconds(10)).until(() -> get(gateway.port(), "/metrics").body()
                .contains("junction_feed_held{channel=\"airbnb\",source=\"rentals\",unit=\"villa-1\"} 0.0"));

        for (String path : List.of("/api/v1/sources/rentals/feeds/villa-1/expedia", "/api/v1/sources/rentals/feeds/villa-9/airbnb/bookings",
                "/api/v1/sources/stripe/feeds", "/api/v1/sources/nowhere/feeds")) {
            HttpResponse<String> r = get(gateway.port(), path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        }
        for (String path : List.of("/api/v1/sources/rentals/feeds", "/api/v1/sources/rentals/feeds/villa-1/airbnb",
                "/api/v1/sources/rentals/feeds/villa-1/airbnb/bookings")) {
            assertThat(get(gateway.port(), path).body()).doesNotContain("feedsecret", "127.0.0.1");
        }
    }

    @Test
    void aFeedThatNeverAnsweredIsFailingAndAgesFromItsFirstPollInsteadOfShowingNoAge() throws Exception {
        feeds.gone("villa-1", "vrbo");
        startGateway();
        String series = "junction_feed_last_success_age_seconds{channel=\"vrbo\",source=\"rentals\",unit=\"villa-1\"} ";
        assertThat(get(gateway.port(), "/metrics").body()).contains(series + "NaN");

        poll();

        JsonNode vrbo = JSON.readTree(get(gateway.port(), "/api/v1/sources/rentals/feeds/villa-1/vrbo").body());
        assertThat(vrbo.get("health").asText()).isEqualTo("failing");
        assertThat(vrbo.get("lastSuccess").isNull()).isTrue();
        assertThat(vrbo.get("firstPoll").isTextual()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            String metrics = get(gateway.port(), "/metrics").body();
            int at = metrics.indexOf(series);
            return at >= 0 && metrics.substring(at + series.length()).matches("(?s)\\d+(\\.\\d+)?(E-?\\d+)?\n.*");
        });
    }

    @Test
    void anExportWaitsForEveryOtherChannelToBeReadOnceInsteadOfOfferingTheirNightsAsFree() throws Exception {
        feeds.gone("villa-1", "booking");
        startGateway();

        HttpResponse<String> beforeAnyPoll = export("airbnb", TOKEN);
        poll();
        HttpResponse<String> bookingNeverRead = export("airbnb", TOKEN);
        HttpResponse<String> forBooking = export("booking", TOKEN);

        for (HttpResponse<String> r : List.of(beforeAnyPoll, bookingNeverRead)) {
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.headers().firstValue("Retry-After")).contains("300");
            assertThat(JSON.readTree(r.body()).get("type").asText()).isEqualTo("/problems/calendar-not-ready");
            assertThat(r.body()).doesNotContain("BEGIN:VCALENDAR");
        }
        assertThat(JSON.readTree(bookingNeverRead.body()).get("detail").asText()).contains("booking").doesNotContain("vrbo");
        // Booking.com's own export needs only the others, which were read.
        assertThat(forBooking.statusCode()).isEqualTo(200);
        assertThat(forBooking.body()).contains("DTSTART;VALUE=DATE:" + date(AIRBNB_STAY.start()));

        feeds.set("villa-1", "booking", OtaFeeds.booking(BOOKING_STAY));
        poll();
        HttpResponse<String> ready = export("airbnb", TOKEN);
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("DTSTART;VALUE=DATE:" + date(BOOKING_STAY.start()));

        // Read once, a channel keeps counting with what it last had, however it answers since.
        feeds.gone("villa-1", "booking");
        poll();
        assertThat(export("airbnb", TOKEN).body()).contains("DTSTART;VALUE=DATE:" + date(BOOKING_STAY.start()));
    }

    @Test
    void theExportAnswersAWrongOrMissingTokenAsAnUnknownPathWithoutAnAdminKey() throws Exception {
        startGateway();
        poll();

        HttpResponse<String> wrong = export("vrbo", "tok_export_5f2a9c1e7b3d4f61");
        HttpResponse<String> missing = export("vrbo", null);
        HttpResponse<String> noUnit = request(gateway.port(), "GET", "/ical/rentals/villa-9/vrbo.ics?token=" + TOKEN, Map.of());
        HttpResponse<String> noSource = request(gateway.port(), "GET", "/ical/stripe/villa-1/vrbo.ics?token=" + TOKEN, Map.of());

        for (HttpResponse<String> r : List.of(wrong, missing, noUnit, noSource)) {
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(r.body()).doesNotContain("token", "rentals is", "calendar");
        }
        assertThat(JSON.readTree(wrong.body()).get("title").asText()).isEqualTo(JSON.readTree(
                request(gateway.port(), "GET", "/nothing/here", Map.of()).body()).get("title").asText());
        assertThat(export("vrbo", TOKEN).statusCode()).isEqualTo(200);

        // A webhook sent to a polled source: not "no source named", which would send its sender looking for a typo.
        HttpResponse<String> webhook = request(gateway.port(), "POST", "/in/rentals", Map.of());
        assertThat(webhook.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(webhook.body()).get("detail").asText())
                .isEqualTo("The source 'rentals' is polled by Junction: it takes no webhooks (POST /api/v1/sources/rentals/poll polls it now).");
    }

    @Test
    void junctionPollRunsAnIcalSourceAndItsTopologySaysIcal() throws Exception {
        Path config = Files.writeString(dir.resolve("junction.yaml"), yaml("").replace("${ICAL_EXPORT_TOKEN}", TOKEN)
                .replace("${STRIPE_WEBHOOK_SECRET}", "whsec_x"));

        CliRun first = CliRun.run("poll", "--config", config.toString(), "--source", "rentals");

        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).startsWith("rentals: changed, HTTP 200, 3 feed(s), 2 booking(s), 2 change(s) emitted in");
        assertThat(first.out() + first.err()).doesNotContain(TOKEN, "feedsecret");
        startGateway();
        assertThat(JSON.readTree(get(gateway.port(), "/api/v1/sources/rentals").body()).get("kind").asText()).isEqualTo("ical");
        assertThat(poll().get("outcome").asText()).isEqualTo("unchanged");
    }
}
