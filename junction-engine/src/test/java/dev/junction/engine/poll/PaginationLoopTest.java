package dev.junction.engine.poll;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.junction.core.config.PollSpec;
import dev.junction.core.config.RouteSpec;
import dev.junction.core.model.Ids;
import dev.junction.engine.append.Appender;
import dev.junction.engine.route.Router;
import dev.junction.store.PollRecord;
import dev.junction.store.TestDatabases;
import dev.junction.store.jdbc.JdbcStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * APIs whose pagination never ends on its own: a body cursor answered again, a Link to the page itself, a page number
 * the API ignores. Each poll used to ask 1,000 pages before it gave up ("more than 1000 pages"); it stops at the first
 * repeat now, and says why.
 */
class PaginationLoopTest {

    @TempDir
    Path dir;

    private final Clock clock = Clock.systemUTC();
    private final AtomicInteger requests = new AtomicInteger();
    private HttpServer server;
    private JdbcStore store;

    @BeforeEach
    void open() throws IOException {
        store = TestDatabases.sqlite(dir);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        // A cursor API whose second page names itself as the next one.
        server.createContext("/cursor", ex -> answer(ex, ex.getRequestURI().getQuery() == null
                ? "{\"results\":[{\"id\":1}],\"next\":\"b\"}" : "{\"results\":[{\"id\":2}],\"next\":\"b\"}", null));
        // A Link to the page itself.
        server.createContext("/self", ex -> answer(ex, "{\"results\":[{\"id\":1}]}", "</self>; rel=\"next\""));
        // An API that answers its only page whatever page is asked.
        server.createContext("/pages", ex -> answer(ex, "{\"results\":[{\"id\":1},{\"id\":2}]}", null));
        server.start();
    }

    @AfterEach
    void close() {
        server.stop(0);
        store.close();
    }

    private void answer(HttpExchange ex, String body, String link) throws IOException {
        requests.incrementAndGet();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        if (link != null) ex.getResponseHeaders().add("Link", link);
        ex.sendResponseHeaders(200, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    private PollRecord poll(String path, PollSpec.Pagination pagination) throws InterruptedException {
        PollSpec spec = new PollSpec("http://127.0.0.1:" + server.getAddress().getPort() + path, Duration.ofMinutes(1), null, null,
                "/results", "/id", null, null, pagination, 0, Duration.ofSeconds(5));
        Appender appender = new Appender(store, new Router(List.of(new RouteSpec("crm", List.of("billing")))), clock,
                new Ids(clock, new Random(7)), Appender.Handoff.NONE);
        Poller poller = new Poller(Map.of("crm", spec), store, appender, HttpClient.newHttpClient(), clock, new Ids(clock, new Random(3)),
                "node-a", Duration.ofSeconds(30));
        PollResult result = poller.poll("crm");
        assertThat(result).isInstanceOf(PollResult.Done.class);
        return ((PollResult.Done) result).record();
    }

    @Test
    void aBodyCursorAnsweredAgainStopsTheListingAtTheRepeat() throws Exception {
        PollRecord record = poll("/cursor", new PollSpec.Pagination.BodyCursor("/next", "cursor"));

        assertThat(record.outcome()).isEqualTo(PollRecord.Outcome.FAILED);
        assertThat(record.error()).isEqualTo("page 2's next page is page 2 again (the API repeats its cursor or link); not followed");
        assertThat(requests.get()).isEqualTo(2);
        assertThat(store.snapshot("crm")).isEmpty(); // a listing that did not end is not used at all
    }

    @Test
    void aLinkToThePageItselfStopsAtOnce() throws Exception {
        PollRecord record = poll("/self", new PollSpec.Pagination.LinkHeader("next"));

        assertThat(record.outcome()).isEqualTo(PollRecord.Outcome.FAILED);
        assertThat(record.error()).isEqualTo("page 1's next page is page 1 again (the API repeats its cursor or link); not followed");
        assertThat(requests.get()).isEqualTo(1);
    }

    @Test
    void anApiThatIgnoresThePageNumberIsToldAfterTwoPages() throws Exception {
        PollRecord record = poll("/pages", new PollSpec.Pagination.PageNumber("page"));

        assertThat(record.outcome()).isEqualTo(PollRecord.Outcome.FAILED);
        assertThat(record.error()).isEqualTo("page 2 is page 1 again: the API does not seem to read 'page'; not read further");
        assertThat(requests.get()).isEqualTo(2);
        assertThat(store.snapshot("crm")).isEmpty();
    }
}
