package dev.junction.client.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.junction.core.retry.OutcomeClass;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The HTTP sender over a real socket: what arrives, and how statuses map to the relay's outcomes. */
class HttpOutboxSenderTest {

    private HttpServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> arrived = new CopyOnWriteArrayList<>();
    private final AtomicInteger status = new AtomicInteger(202);
    private final AtomicReference<String> retryAfter = new AtomicReference<>();
    /** Answer 200 with a body larger than the sender reads, the rest held back until the test ends. */
    private final AtomicBoolean hugeAnswer = new AtomicBoolean();
    private final CountDownLatch testOver = new CountDownLatch(1);
    private final OutboxMessage message = new OutboxMessage("0190d5c3-7f00-7000-8000-000000000001", "acme", "invoice.paid",
            "{\"amount\":4200}".getBytes(StandardCharsets.UTF_8), 0);

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", x -> {
            arrived.add(x.getRequestMethod() + " " + x.getRequestURI() + " key=" + x.getRequestHeaders().getFirst("Idempotency-Key")
                    + " auth=" + x.getRequestHeaders().getFirst("Authorization") + " " + new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            if (retryAfter.get() != null) x.getResponseHeaders().set("Retry-After", retryAfter.get());
            if (hugeAnswer.get()) {
                x.sendResponseHeaders(200, 0);
                try {
                    x.getResponseBody().write(new byte[AnswerExcerpt.LIMIT]);
                    x.getResponseBody().flush();
                    testOver.await(20, TimeUnit.SECONDS);
                    x.getResponseBody().write(new byte[1 << 20]);
                } catch (IOException | InterruptedException e) {
                    // the sender stopped reading: as it should
                }
            } else {
                x.sendResponseHeaders(status.get(), -1);
            }
            x.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        testOver.countDown();
        server.stop(0);
        http.shutdownNow();
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

    /**
     * Statuses as the gateway judges its deliveries, but for a 409 with Retry-After (an Idempotency-Key receiver still
     * processing the first send), which is retried; before this every 409 was dead at once.
     */
    @ParameterizedTest(name = "{0} Retry-After {1}: {2}")
    @CsvSource(nullValues = "-", value = {
            "200, -, SUCCESS", "204, -, SUCCESS",
            "408, -, RETRYABLE", "409, 1, RETRYABLE", "425, -, RETRYABLE", "429, 30, RETRYABLE", "500, -, RETRYABLE", "503, -, RETRYABLE",
            "301, -, PERMANENT", "400, -, PERMANENT", "401, -, PERMANENT", "404, -, PERMANENT", "409, -, PERMANENT", "422, -, PERMANENT"})
    void statusesAreJudgedAsTheGatewayDoesButForAConflictWithRetryAfter(int answered, String asked, OutcomeClass expected) throws Exception {
        status.set(answered);
        retryAfter.set(asked);
        OutboxAttempt attempt = HttpOutboxSender.to(http, base().resolve("/hooks"), Duration.ofSeconds(5)).attempt(message);
        assertThat(attempt.outcome()).isEqualTo(expected);
        assertThat(attempt.retryAfter()).isEqualTo(asked);
        assertThat(attempt.summary()).isEqualTo(expected == OutcomeClass.SUCCESS ? null : "HTTP " + answered);
    }

    /** Only the start of an answer is read: a 200 with a body larger than that is delivered without waiting for the rest. */
    @Test
    void readsNoMoreOfTheAnswerThanItKeeps() throws Exception {
        hugeAnswer.set(true);
        OutboxSender sender = HttpOutboxSender.to(http, base().resolve("/hooks"), Duration.ofSeconds(5));
        assertThat(sender.send(message)).isEqualTo(OutcomeClass.SUCCESS);
    }
}
