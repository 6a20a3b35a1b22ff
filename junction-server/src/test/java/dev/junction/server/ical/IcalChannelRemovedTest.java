package dev.junction.server.ical;

import static dev.junction.server.TestGateways.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.engine.poll.IcalStates;
import dev.junction.server.Gateway;
import dev.junction.server.config.ConfigLoader;
import dev.junction.server.ical.OtaFeeds.Stay;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A channel taken out of a unit's config (the owner left VRBO): its bookings were kept in the unit's state, so every
 * other channel's export went on blocking their nights, until they ended, while the feeds listing no longer showed the
 * channel they came from, and nothing could release them (found by a probe). A unit taken out already left the state.
 */
class IcalChannelRemovedTest {

    private static final String TOKEN = "tok_export_5f2a9c1e7b3d4f60";
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private static final Stay AIRBNB_STAY = new Stay("1418fb94e984-7c1b3a3e@airbnb.com", TODAY.plusDays(10), TODAY.plusDays(14), "HMQ4XZ8K2P");
    private static final Stay VRBO_STAY = new Stay("3b8e5f9c-6a1d-4c2e", TODAY.plusDays(30), TODAY.plusDays(33), "HA-7Q2K9P");

    @TempDir
    Path dir;

    private OtaFeeds feeds;
    private Gateway gateway;

    @BeforeEach
    void open() throws Exception {
        feeds = new OtaFeeds();
        feeds.set("villa-1", "airbnb", OtaFeeds.airbnb(TODAY, AIRBNB_STAY)).set("villa-1", "booking", OtaFeeds.booking())
                .set("villa-1", "vrbo", OtaFeeds.vrbo(List.of(VRBO_STAY), List.of()));
    }

    @AfterEach
    void stop() {
        if (gateway != null) gateway.close();
        feeds.close();
    }

    private void startGateway(List<String> channels) {
        StringBuilder units = new StringBuilder();
        for (String c : channels) units.append("          ").append(c).append(": { url: \"").append(feeds.url("villa-1", c)).append("\" }\n");
        String yaml = stripeGateway(dir) + """
                  rentals:
                    ical:
                      every: 1h
                      export-token: "${ICAL_EXPORT_TOKEN}"
                      units:
                        villa-1:
                """ + units;
        gateway = start(ConfigLoader.parse(yaml, "test.yaml", Map.of("STRIPE_WEBHOOK_SECRET", STRIPE_SECRET, "ICAL_EXPORT_TOKEN", TOKEN)));
    }

    private void poll() throws Exception {
        assertThat(postEmpty(gateway.port(), "/api/v1/sources/rentals/poll").statusCode()).isEqualTo(200);
    }

    private String bookingExport() throws Exception {
        var response = request(gateway.port(), "GET", "/ical/rentals/villa-1/booking.ics?token=" + TOKEN, Map.of());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static String date(LocalDate d) {
        return d.toString().replace("-", "");
    }

    @Test
    void aChannelTakenOutOfTheConfigIsExportedNoMoreAndLeavesTheUnitsState() throws Exception {
        startGateway(List.of("airbnb", "booking", "vrbo"));
        poll();
        assertThat(bookingExport()).contains("DTSTART;VALUE=DATE:" + date(VRBO_STAY.start()), "DTSTART;VALUE=DATE:" + date(AIRBNB_STAY.start()));
        gateway.close();

        startGateway(List.of("airbnb", "booking"));
        // At once, before any poll: the export is the configured channels'.
        assertThat(bookingExport()).doesNotContain("DTSTART;VALUE=DATE:" + date(VRBO_STAY.start()))
                .contains("DTSTART;VALUE=DATE:" + date(AIRBNB_STAY.start()));

        poll();
        var unit = IcalStates.units(gateway.pipeline().store().snapshot("rentals")).get("villa-1");
        assertThat(unit.feeds().keySet()).containsExactly("airbnb", "booking");
        assertThat(bookingExport()).doesNotContain("rentals/villa-1/vrbo");
    }
}
