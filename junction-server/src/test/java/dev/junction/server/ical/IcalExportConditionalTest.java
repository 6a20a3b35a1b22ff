package dev.junction.server.ical;

import static dev.junction.server.TestGateways.*;
import static org.assertj.core.api.Assertions.assertThat;

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

/**
 * The export as a channel asks for it again: docs/ical.md promised that "the same state renders the same bytes, so
 * conditional GETs work", but the answer carried no ETag (nor Last-Modified) to ask with, so every import downloaded
 * the whole calendar (found by a probe). Now its ETag is the digest of the bytes, and an If-None-Match naming it is 304.
 */
class IcalExportConditionalTest {

    private static final String TOKEN = "tok_export_5f2a9c1e7b3d4f60";
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private static final Stay AIRBNB_STAY = new Stay("1418fb94e984-7c1b3a3e@airbnb.com", TODAY.plusDays(10), TODAY.plusDays(14), "HMQ4XZ8K2P");
    private static final Stay LONGER = new Stay("1418fb94e984-7c1b3a3e@airbnb.com", TODAY.plusDays(10), TODAY.plusDays(16), "HMQ4XZ8K2P");

    @TempDir
    Path dir;

    private OtaFeeds feeds;
    private Gateway gateway;

    @BeforeEach
    void open() throws Exception {
        feeds = new OtaFeeds();
    }

    @AfterEach
    void stop() {
        if (gateway != null) gateway.close();
        feeds.close();
    }

    private void startGateway() {
        String yaml = stripeGateway(dir) + """
                  rentals:
                    ical:
                      every: 1h
                      export-token: "${ICAL_EXPORT_TOKEN}"
                      units:
                        villa-1:
                          airbnb: { url: "%s", preset: airbnb }
                          vrbo:   { url: "%s", preset: vrbo }
                """.formatted(feeds.url("villa-1", "airbnb"), feeds.url("villa-1", "vrbo"));
        gateway = start(ConfigLoader.parse(yaml, "test.yaml", Map.of("STRIPE_WEBHOOK_SECRET", STRIPE_SECRET, "ICAL_EXPORT_TOKEN", TOKEN)));
    }

    private void poll() throws Exception {
        assertThat(postEmpty(gateway.port(), "/api/v1/sources/rentals/poll").statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> vrboExport(Map<String, String> headers) throws Exception {
        return request(gateway.port(), "GET", "/ical/rentals/villa-1/vrbo.ics?token=" + TOKEN, headers);
    }

    @Test
    void aChannelAskingAgainWithTheETagGets304UntilTheCalendarChanges() throws Exception {
        feeds.set("villa-1", "airbnb", OtaFeeds.airbnb(TODAY, AIRBNB_STAY)).set("villa-1", "vrbo", OtaFeeds.vrbo(List.of(), List.of()));
        startGateway();
        poll();

        HttpResponse<String> first = vrboExport(Map.of());
        assertThat(first.statusCode()).isEqualTo(200);
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(etag).matches("\"[0-9a-f]{32}\"");
        assertThat(vrboExport(Map.of()).headers().firstValue("ETag")).contains(etag); // the same state, the same tag

        HttpResponse<String> again = vrboExport(Map.of("If-None-Match", etag));
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(again.headers().firstValue("ETag")).contains(etag);
        assertThat(again.headers().firstValue("Cache-Control").orElseThrow()).startsWith("private");
        assertThat(vrboExport(Map.of("If-None-Match", "\"other\", W/" + etag)).statusCode()).isEqualTo(304);

        // The stay is extended on Airbnb: the calendar VRBO imports changes, and so does its tag.
        feeds.set("villa-1", "airbnb", OtaFeeds.airbnb(TODAY, LONGER));
        poll();
        HttpResponse<String> changed = vrboExport(Map.of("If-None-Match", etag));
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.body()).contains("DTEND;VALUE=DATE:" + LONGER.end().toString().replace("-", ""));
        assertThat(changed.headers().firstValue("ETag").orElseThrow()).isNotEqualTo(etag);
    }
}
