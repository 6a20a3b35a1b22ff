package dev.junction.server.outbound;

import static dev.junction.server.TestGateways.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An endpoint's failures listed and replayed once its receiver is healed; and concurrent identical publishes
 * (one event id, many at once) storing exactly one message, on SQLite and on PostgreSQL.
 */
class OutboundActivityHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private static JsonNode call(int port, String method, String path, String body, int expected) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + ADMIN_KEY).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(expected);
        return r.body().isEmpty() ? null : JSON.readTree(r.body());
    }

    private static String yaml(String store, String sink) {
        return """
                server: { host: 127.0.0.1, port: 0 }
                store: { url: "%s" }
                sources:
                  stripe:
                    verify: { scheme: stripe, secrets: ["${STRIPE_WEBHOOK_SECRET}"] }
                destinations:
                  billing: { url: "%s" }
                routes:
                  - { from: stripe, to: [billing] }
                delivery: { workers: 8, poll-interval: 200ms, lease: 4s }
                outbound: { allow-networks: ["127.0.0.0/8"] }
                """.formatted(store, sink);
    }

    @Test
    void anEndpointsFailuresAreListedAndReplayedOnceItsReceiverIsHealed() throws Exception {
        AtomicBoolean healed = new AtomicBoolean();
        try (Downstream receiver = new Downstream().script(n -> healed.get() ? Downstream.Reply.ok() : Downstream.Reply.status(422));
             Gateway gateway = start(config(yaml("sqlite:" + dir + "/junction.db", receiver.url())))) {
            int port = gateway.port();
            call(port, "POST", "/api/v1/apps", "{\"uid\":\"acme\"}", 201);
            String endpoint = call(port, "POST", "/api/v1/apps/acme/endpoints", "{\"url\":\"" + receiver.url() + "\"}", 201).get("id").asText();
            for (int i = 1; i <= 3; i++) {
                call(port, "POST", "/api/v1/apps/acme/messages", "{\"event_type\":\"invoice.paid\",\"payload\":{\"n\":" + i + "}}", 202);
            }
            String dead = "/api/v1/apps/acme/endpoints/" + endpoint + "/deliveries?state=dead";
            await().atMost(WAIT).until(() -> call(port, "GET", dead, null, 200).get("items").size() == 3);
            assertThat(call(port, "GET", "/api/v1/apps/acme/messages", null, 200).get("items")).hasSize(3);
            // Its breaker is the endpoint's own, not "DISABLED" (read as if the customer's endpoint were switched off).
            JsonNode stats = call(port, "GET", "/api/v1/stats?window=5m", null, 200);
            JsonNode row = null;
            for (JsonNode d : stats.get("destinations")) if (d.get("name").asText().equals(endpoint)) row = d;
            assertThat(row).as(stats.toString()).isNotNull();
            assertThat(row.get("breaker").asText()).isEqualTo("CLOSED");
            // The gateway's dead-letter list names an endpoint by its ep_ id: it also says whose it is and where it points.
            JsonNode listed = call(port, "GET", "/api/v1/dead-letters", null, 200).get("items").get(0);
            assertThat(listed.get("destination").asText()).isEqualTo(endpoint);
            assertThat(listed.get("endpoint").get("appUid").asText()).isEqualTo("acme");
            assertThat(listed.get("endpoint").get("url").asText()).isEqualTo(receiver.url());
            JsonNode story = call(port, "GET", "/api/v1/messages/" + listed.get("messageId").asText(), null, 200);
            assertThat(story.get("deliveries").get(0).get("endpoint").get("appUid").asText()).isEqualTo("acme");

            healed.set(true);
            assertThat(call(port, "POST", "/api/v1/apps/acme/endpoints/" + endpoint + "/replay", "{\"since\":\"2026-01-01T00:00:00Z\"}", 202)
                    .get("replayed").asInt()).isEqualTo(3);
            await().atMost(WAIT).until(() -> receiver.succeeded().size() == 3);
            assertThat(call(port, "GET", dead, null, 200).get("items")).isEmpty();
            call(port, "POST", "/api/v1/apps/acme/endpoints/ep_nope/replay", "{}", 404);
        }
    }

    @Test
    void concurrentPublishesOfOneEventIdStoreOneMessageOnSqlite() throws Exception {
        concurrentPublishesStoreOne("sqlite:" + dir + "/junction.db");
    }

    @Test
    void concurrentPublishesOfOneEventIdStoreOneMessageOnPostgres() throws Exception {
        concurrentPublishesStoreOne(TestDatabases.freshPostgresSchema());
    }

    private void concurrentPublishesStoreOne(String store) throws Exception {
        try (Downstream receiver = new Downstream(); Gateway gateway = start(config(yaml(store, receiver.url())))) {
            int port = gateway.port();
            call(port, "POST", "/api/v1/apps", "{\"uid\":\"race\"}", 201);
            call(port, "POST", "/api/v1/apps/race/endpoints", "{\"url\":\"" + receiver.url() + "\"}", 201);
            ExecutorService pool = Executors.newFixedThreadPool(16);
            List<Callable<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                calls.add(() -> HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/apps/race/messages"))
                        .header("Authorization", "Bearer " + ADMIN_KEY).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"event_type\":\"a.b\",\"payload\":{\"x\":1},\"event_id\":\"evt_race\"}"))
                        .build(), HttpResponse.BodyHandlers.ofString()));
            }
            List<String> ids = new ArrayList<>();
            int created = 0;
            for (Future<HttpResponse<String>> f : pool.invokeAll(calls)) {
                HttpResponse<String> r = f.get();
                assertThat(r.statusCode()).as(r.body()).isIn(200, 202);
                if (r.statusCode() == 202) created++;
                ids.add(JSON.readTree(r.body()).get("id").asText());
            }
            pool.shutdown();
            assertThat(created).as("one publish stored it").isEqualTo(1);
            assertThat(ids).as("every answer names the one message").containsOnly(ids.get(0));
            await().atMost(WAIT).until(() -> receiver.arrived() >= 1);
            assertThat(call(port, "GET", "/api/v1/apps/race/messages", null, 200).get("items")).hasSize(1);
        }
    }
}
