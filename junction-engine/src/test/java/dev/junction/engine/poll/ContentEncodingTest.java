package dev.junction.engine.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.junction.core.net.AddressPolicy;
import dev.junction.engine.ical.FeedParser;
import dev.junction.engine.ical.FeedReading;
import dev.junction.engine.ical.Preset;
import dev.junction.engine.ical.SyncSettings;
import dev.junction.engine.net.BoundedAnswer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bodies a server encoded although Junction asked for no encoding (a request without Accept-Encoding takes any, RFC 9110):
 * a gzipped calendar was read as it came, "no BEGIN:VCALENDAR", and held as not a calendar for good (found by a probe
 * with a feed server answering Content-Encoding: gzip). Over real sockets: decoded, within the size limit.
 */
class ContentEncodingTest {

    private static final String JSON = "{\"results\":[{\"id\":1}]}";

    private HttpServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private PageFetcher fetcher;
    private Credentials none;
    private byte[] calendar;

    @BeforeEach
    void open() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/ical/airbnb.ics")) {
            calendar = in.readAllBytes();
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        serve("/cal.ics", "gzip", gzip(calendar), "text/calendar");
        serve("/items", "deflate", deflate(JSON.getBytes()), "application/json");
        serve("/bomb.ics", "gzip", gzip(new byte[3 << 20]), "text/calendar");
        serve("/brotli.ics", "br", calendar, "text/calendar");
        server.start();
        fetcher = new PageFetcher(http, new HostLimits(List.of()), new Redirects(AddressPolicy.ofDefaults()), 1 << 20);
        none = new Credentials(dev.junction.core.config.PollSpec.Auth.NONE, http, Clock.systemUTC(), Duration.ofSeconds(5));
    }

    @AfterEach
    void close() {
        server.stop(0);
        http.close();
    }

    private void serve(String path, String encoding, byte[] body, String type) {
        server.createContext(path, exchange -> {
            exchange.getResponseHeaders().add("Content-Type", type);
            exchange.getResponseHeaders().add("Content-Encoding", encoding);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
    }

    private static byte[] gzip(byte[] body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(body);
        }
        return out.toByteArray();
    }

    private static byte[] deflate(byte[] body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(out)) {
            z.write(body);
        }
        return out.toByteArray();
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Test
    void aGzippedCalendarIsReadAsTheCalendarItIs() throws Exception {
        Page page = fetcher.get(url("/cal.ics"), none, Map.of(), Duration.ofSeconds(5), "text/calendar");

        assertThat(page.body()).isEqualTo(calendar);
        FeedReading reading = new FeedParser(SyncSettings.ofDefaults()).read(page.header("Content-Type"), page.body(), Preset.AIRBNB,
                ZoneId.of("Europe/Berlin"));
        assertThat(reading).isInstanceOfSatisfying(FeedReading.Calendar.class, c -> assertThat(c.bookings()).hasSize(4));
    }

    @Test
    void aDeflatedJsonPageIsReadToo() throws Exception {
        assertThat(new String(fetcher.get(url("/items"), none, Map.of(), Duration.ofSeconds(5)).body())).isEqualTo(JSON);
    }

    @Test
    void aSmallBodyThatInflatesPastTheLimitFailsAsALargeOneDoes() {
        assertThatThrownBy(() -> fetcher.get(url("/bomb.ics"), none, Map.of(), Duration.ofSeconds(5)))
                .isInstanceOf(BoundedAnswer.TooLarge.class).hasMessage("the answer is larger than 1 MiB");
    }

    @Test
    void anEncodingJunctionCannotReadFailsTheRequestAndNamesIt() {
        assertThatThrownBy(() -> fetcher.get(url("/brotli.ics"), none, Map.of(), Duration.ofSeconds(5)))
                .isInstanceOf(ContentEncoding.Unsupported.class)
                .hasMessage("the answer is encoded as br, which Junction does not read (gzip and deflate it does)");
    }
}
