package dev.junction.server.outbound;

import static dev.junction.server.TestGateways.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.server.Downstream;
import dev.junction.server.Gateway;
import dev.junction.store.TestDatabases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Identical publishes sent at the same instant create exactly one message, on both stores: by their
 * Idempotency-Key (each answer is the first's 202, or 409 while it runs), and by their event_id alone.
 */
class PublishRaceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final int RACERS = 16;

    @TempDir
    Path dir;

    private String storeUrl(String store) {
        return store.equals("postgresql") ? TestDatabases.freshPostgresSchema() : "sqlite:" + dir + "/junction.db";
    }

    /** Sends {@code RACERS} copies of one publish at once; returns each answer as "status body". */
    private static List<String> race(int port, String body, String idempotencyKey) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(RACERS);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < RACERS; i++) {
                answers.add(pool.submit(() -> {
                    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/apps/acme/messages"))
                            .header("Authorization", "Bearer " + ADMIN_KEY).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body));
                    if (idempotencyKey != null) b.header("Idempotency-Key", "\"" + idempotencyKey + "\"");
                    go.await();
                    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
                    return r.statusCode() + " " + r.body();
                }));
            }
            go.countDown();
            List<String> result = new ArrayList<>();
            for (Future<String> f : answers) result.add(f.get());
            return result;
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void concurrentIdenticalPublishesCreateExactlyOneMessage(String store) throws Exception {
        String url = storeUrl(store);
        try (Downstream receiver = new Downstream();
             Gateway gateway = start(config("""
                     server: { host: 127.0.0.1, port: 0 }
                     store: { url: "%s" }
                     delivery: { workers: 8, poll-interval: 200ms, lease: 4s }
                     outbound: { allow-networks: ["127.0.0.0/8"] }
                     """.formatted(url)))) {
            AdminHttp admin = new AdminHttp(gateway.port());
            admin.call("POST", "/api/v1/apps", "{\"uid\":\"acme\"}", 201);
            admin.endpoint("acme", "{\"url\":\"" + receiver.url() + "\"}");

            List<String> keyed = race(gateway.port(), "{\"event_type\":\"invoice.paid\",\"payload\":{\"n\":1}}", "race-1");
            Set<String> ids = new HashSet<>();
            for (String answer : keyed) {
                int status = Integer.parseInt(answer.substring(0, 3));
                assertThat(status).as(answer).isIn(202, 409);
                if (status == 202) ids.add(JSON.readTree(answer.substring(4)).get("id").asText());
            }
            assertThat(ids).as("every 202 is the first publish's answer").hasSize(1);

            List<String> byEventId = race(gateway.port(), "{\"event_type\":\"invoice.paid\",\"event_id\":\"inv_42\",\"payload\":{\"n\":2}}", null);
            Set<String> eventIds = new HashSet<>();
            for (String answer : byEventId) {
                assertThat(answer).startsWith("20"); // 202 for the first, 200 for the copies
                eventIds.add(JSON.readTree(answer.substring(4)).get("id").asText());
            }
            assertThat(eventIds).as("one message for the event id").hasSize(1);

            assertThat(admin.call("GET", "/api/v1/apps/acme/messages", null, 200).get("items")).hasSize(2);
            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.succeeded().size() >= 2);
            assertThat(gateway.pipeline().store().pendingCount()).isZero();
            assertThat(receiver.received().stream().map(r -> r.header("webhook-id")).distinct()).hasSize(2);
        }
    }

    /**
     * A crash after a publish committed and before its Idempotency-Key's answer was stored (the key's row left as the
     * crash leaves it: claimed, its lock run out): the retry that takes the key over finds the message, answers 200
     * with its id, and publishes nothing more. Before, it published the message again under a new id.
     */
    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aRetryAfterACrashBetweenThePublishAndItsKeysAnswerPublishesNothingMore(String store) throws Exception {
        String url = storeUrl(store);
        String yaml = """
                server: { host: 127.0.0.1, port: 0 }
                store: { url: "%s" }
                delivery: { workers: 4, poll-interval: 200ms, lease: 4s }
                outbound: { allow-networks: ["127.0.0.0/8"] }
                """.formatted(url);
        String body = "{\"event_type\":\"invoice.paid\",\"payload\":{\"n\":7}}";
        try (Downstream receiver = new Downstream()) {
            String first;
            try (Gateway gateway = start(config(yaml))) {
                AdminHttp admin = new AdminHttp(gateway.port());
                admin.call("POST", "/api/v1/apps", "{\"uid\":\"acme\"}", 201);
                admin.endpoint("acme", "{\"url\":\"" + receiver.url() + "\"}");
                List<String> answers = race(gateway.port(), body, "crash-1");
                first = answers.stream().filter(a -> a.startsWith("202")).findFirst().orElseThrow();
                await().atMost(Duration.ofSeconds(20)).until(() -> receiver.succeeded().size() == 1);
            }
            String jdbc = store.equals("postgresql") ? url : "jdbc:sqlite:" + dir.resolve("junction.db");
            try (java.sql.Connection c = java.sql.DriverManager.getConnection(jdbc); java.sql.Statement s = c.createStatement()) {
                assertThat(s.executeUpdate("UPDATE idempotency_keys SET state = 'IN_FLIGHT', status = NULL, content_type = NULL, body = NULL,"
                        + " locked_until = 1")).isEqualTo(1);
            }
            try (Gateway gateway = start(config(yaml))) {
                List<String> retried = race(gateway.port(), body, "crash-1");
                String firstId = JSON.readTree(first.substring(4)).get("id").asText();
                assertThat(retried).as("the takeover finds the message; the others wait for it or get its answer")
                        .allSatisfy(a -> assertThat(a).matches("(200|409) .*"));
                assertThat(retried).filteredOn(a -> a.startsWith("200")).isNotEmpty()
                        .allSatisfy(a -> assertThat(JSON.readTree(a.substring(4)).get("id").asText()).isEqualTo(firstId));
                AdminHttp admin = new AdminHttp(gateway.port());
                assertThat(admin.call("GET", "/api/v1/apps/acme/messages", null, 200).get("items")).as("one message, so one delivery").hasSize(1);
                assertThat(gateway.pipeline().store().pendingCount()).isZero();
            }
        }
    }
}
