package dev.junction.engine.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.junction.core.net.AddressPolicy;
import dev.junction.engine.net.BoundedAnswer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A polled answer is read whole within its budget and up to a size, over real sockets: a server that streams without
 * end, and one that drips its body a byte at a time, each fail the request instead of holding or filling the gateway.
 */
class BoundedAnswerTest {

    private HttpServer server;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final HttpClient http = HttpClient.newHttpClient();
    private PageFetcher fetcher;
    private Credentials none;

    @BeforeEach
    void open() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/endless", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) 'a');
            try (OutputStream out = exchange.getResponseBody()) {
                while (stop.getCount() > 0) out.write(chunk);
            } catch (IOException cut) {
                // the client hung up: what the test wants
            }
        });
        server.createContext("/drip", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                while (!stop.await(200, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    out.write('a');
                    out.flush();
                }
            } catch (IOException | InterruptedException cut) {
                // the client hung up
            }
        });
        server.createContext("/small", exchange -> {
            byte[] body = "{\"ok\":true}".getBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        fetcher = new PageFetcher(http, new HostLimits(List.of()), new Redirects(AddressPolicy.ofDefaults()), 1 << 20);
        none = new Credentials(dev.junction.core.config.PollSpec.Auth.NONE, http, Clock.systemUTC(), Duration.ofSeconds(5));
    }

    @AfterEach
    void close() {
        stop.countDown();
        server.stop(0);
        http.close();
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Test
    void aBodyWithoutEndIsCutOffAtTheLimitAndSaysSo() {
        assertThatThrownBy(() -> fetcher.get(url("/endless"), none, Map.of(), Duration.ofSeconds(30)))
                .isInstanceOf(BoundedAnswer.TooLarge.class).hasMessage("the answer is larger than 1 MiB");
    }

    @Test
    void aBodyDrippedPastTheBudgetTimesOutLikeAnAnswerThatNeverCame() {
        assertThatThrownBy(() -> fetcher.get(url("/drip"), none, Map.of(), Duration.ofSeconds(1)))
                .isInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void anAnswerWithinBothIsReadWhole() throws Exception {
        Page page = fetcher.get(url("/small"), none, Map.of(), Duration.ofSeconds(5));
        assertThat(page.status()).isEqualTo(200);
        assertThat(new String(page.body())).isEqualTo("{\"ok\":true}");
    }
}
