package dev.junction.client.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.junction.core.retry.OutcomeClass;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP sender over a real socket: what arrives, and how statuses map to the relay's outcomes. */
class HttpOutboxSenderTest {

    private HttpServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> arrived = new CopyOnWriteArrayList<>();
    private final AtomicInteger status = new AtomicInteger(202);
    private final OutboxMessage message = new OutboxMessage("0190d5c3-7f00-7000-8000-000000000001", "acme", "invoice.paid",
            "{\"amount\":4200}".getBytes(StandardCharsets.UTF_8), 0);

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", x -> {
            arrived.add(x.getRequestMethod() + " " + x.getRequestURI() + " key=" + x.getRequestHeaders().getFirst("Idempotency-Key")
                    + " auth=" + x.getRequestHeaders().getFirst("Authorization") + " " + new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            x.sendResponseHeaders(status.get(), -1);
            x.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        http.close();
    }

    private URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Test
    void publishesToJunctionWithTheEventIdAsIdempotencyKey() throws Exception {
        OutboxSender sender = HttpOutboxSender.junction(http, base(), "jk_test", Duration.ofSeconds(5));
        assertThat(sender.send(message)).isEqualTo(OutcomeClass.SUCCESS);
        assertThat(arrived).containsExactly("POST /api/v1/apps/acme/messages key=\"0190d5c3-7f00-7000-8000-000000000001\" auth=Bearer jk_test"
                + " {\"event_type\":\"invoice.paid\",\"payload\":{\"amount\":4200},\"event_id\":\"0190d5c3-7f00-7000-8000-000000000001\"}");
    }

    @Test
    void aBaseUrlWithAPathKeepsIt() throws Exception {
        OutboxSender sender = HttpOutboxSender.junction(http, URI.create(base() + "/junction/"), "jk_test", Duration.ofSeconds(5));
        OutboxMessage spaced = new OutboxMessage("0190d5c3-7f00-7000-8000-000000000002", "acme eu", "invoice.paid",
                "{}".getBytes(StandardCharsets.UTF_8), 0);
        assertThat(sender.send(spaced)).isEqualTo(OutcomeClass.SUCCESS);
        assertThat(arrived.get(0)).startsWith("POST /junction/api/v1/apps/acme%20eu/messages ");
    }

    @Test
    void postsThePayloadAsItIsAndClassifiesTheStatus() throws Exception {
        OutboxSender sender = HttpOutboxSender.to(http, m -> base().resolve("/hooks/" + m.type()), Duration.ofSeconds(5));
        assertThat(sender.send(message)).isEqualTo(OutcomeClass.SUCCESS);
        assertThat(arrived.get(0)).startsWith("POST /hooks/invoice.paid key=\"0190d5c3").endsWith(" {\"amount\":4200}");
        status.set(503);
        assertThat(sender.send(message)).isEqualTo(OutcomeClass.RETRYABLE);
        status.set(422);
        assertThat(sender.send(message)).isEqualTo(OutcomeClass.PERMANENT);
    }
}
