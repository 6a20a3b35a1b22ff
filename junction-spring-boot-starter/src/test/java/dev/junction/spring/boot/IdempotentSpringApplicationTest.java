package dev.junction.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.junction.client.jdbc.TestDatabases;
import dev.junction.spring.boot.orders.OrdersApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The starter in a real Spring Boot application on an embedded Tomcat at a random port, on the application's own
 * DataSource (Spring Boot's, from spring.datasource.url) on real PostgreSQL, MariaDB and SQLite
 * ({@link OrdersApplication#start}).
 */
class IdempotentSpringApplicationTest {

    private static final int CONCURRENT = 4;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabases.Kind.class)
    void concurrentIdenticalPostsRunTheControllerOnceAndARepeatReplaysTheAnswer(TestDatabases.Kind kind) throws Exception {
        try (ConfigurableApplicationContext app = OrdersApplication.start(kind, dir, "junction.client.idempotency.required=true",
                "junction.client.idempotency.url-patterns=/api/*", "junction.client.idempotency.client-header=X-Api-Client");
             HttpClient http = HttpClient.newHttpClient()) {
            OrdersApplication.OrdersController orders = app.getBean(OrdersApplication.OrdersController.class);
            CountDownLatch gate = new CountDownLatch(1);
            orders.gate = gate;
            HttpRequest post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port") + "/api/orders"))
                    .header("Content-Type", "application/json").header("X-Api-Client", "acme").header("Idempotency-Key", "\"order-1\"")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"sku\":\"A-1\",\"qty\":2}")).build();

            List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < CONCURRENT; i++) answers.add(http.sendAsync(post, HttpResponse.BodyHandlers.ofString()));
            // One request holds the key inside the controller; every other one is answered while it does.
            await().atMost(Duration.ofSeconds(30)).until(() -> answers.stream().filter(CompletableFuture::isDone).count() == CONCURRENT - 1);
            gate.countDown();
            List<Integer> statuses = answers.stream().map(a -> a.join().statusCode()).sorted().toList();

            assertThat(orders.runs).hasValue(1);
            assertThat(statuses).containsExactly(201, 409, 409, 409);
            HttpResponse<String> first = answers.stream().map(CompletableFuture::join).filter(r -> r.statusCode() == 201).findFirst().orElseThrow();

            HttpResponse<String> replay = http.send(post, HttpResponse.BodyHandlers.ofString());
            assertThat(replay.statusCode()).isEqualTo(201);
            assertThat(replay.body()).isEqualTo(first.body()).isEqualTo("{\"order\":1}");
            assertThat(replay.headers().firstValue("Location")).contains("/api/orders/1");
            assertThat(replay.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
            assertThat(replay.headers().firstValue("Idempotent-Replayed")).contains("true");
            assertThat(orders.runs).hasValue(1);

            // Spring's own refusal (a mistyped path) is its error page, and uses no key up: nothing is replayed.
            HttpRequest mistyped = HttpRequest.newBuilder(post.uri().resolve("/api/ordres")).header("Content-Type", "application/json")
                    .header("X-Api-Client", "acme").header("Idempotency-Key", "\"order-2\"").POST(HttpRequest.BodyPublishers.ofString("{}")).build();
            HttpResponse<String> refused = http.send(mistyped, HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(404);
            assertThat(refused.body()).as("Spring Boot's error body, not an empty answer").contains("\"status\":404");
            assertThat(http.send(mistyped, HttpResponse.BodyHandlers.ofString()).headers().firstValue("Idempotent-Replayed")).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabases.Kind.class)
    void asyncEndpointsRunOnceAndARepeatReplaysTheirAnswer(TestDatabases.Kind kind) throws Exception {
        try (ConfigurableApplicationContext app = OrdersApplication.start(kind, dir, "junction.client.idempotency.url-patterns=/api/*",
                "junction.client.idempotency.client-header=X-Api-Client");
             HttpClient http = HttpClient.newHttpClient()) {
            OrdersApplication.OrdersController orders = app.getBean(OrdersApplication.OrdersController.class);
            String base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
            int order = 0;
            for (String path : List.of("/api/deferred-orders", "/api/callable-orders")) {
                order++;
                CountDownLatch gate = new CountDownLatch(1);
                orders.gate = gate;
                HttpRequest post = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                        .header("X-Api-Client", "acme").header("Idempotency-Key", "\"async-" + order + "\"")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"sku\":\"A-1\"}")).build();
                CompletableFuture<HttpResponse<String>> first = http.sendAsync(post, HttpResponse.BodyHandlers.ofString());
                int started = order;
                await().atMost(Duration.ofSeconds(30)).until(() -> orders.runs.get() == started);
                assertThat(http.send(post, HttpResponse.BodyHandlers.ofString()).statusCode()).as(path + " while it runs").isEqualTo(409);
                gate.countDown();

                HttpResponse<String> answer = first.join();
                assertThat(answer.statusCode()).as(path).isEqualTo(201);
                assertThat(answer.body()).isEqualTo("{\"order\":" + order + "}");
                HttpResponse<String> replay = http.send(post, HttpResponse.BodyHandlers.ofString());
                assertThat(replay.statusCode()).as(path).isEqualTo(201);
                assertThat(replay.body()).isEqualTo(answer.body());
                assertThat(replay.headers().firstValue("Location")).contains("/api/orders/" + order);
                assertThat(replay.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
                assertThat(replay.headers().firstValue("Idempotent-Replayed")).contains("true");
                assertThat(orders.runs).as(path + " ran once").hasValue(order);
            }
            orders.gate = new CountDownLatch(0);
            for (int i = 0; i < 20; i++) {
                for (String path : List.of("/api/deferred-orders", "/api/callable-orders")) {
                    order++;
                    HttpRequest post = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                            .header("X-Api-Client", "acme").header("Idempotency-Key", "\"quick-" + order + "\"")
                            .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
                    assertThat(http.send(post, HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("{\"order\":" + order + "}");
                    HttpResponse<String> replay = http.send(post, HttpResponse.BodyHandlers.ofString());
                    assertThat(replay.statusCode()).as("%s: stored before the answer reached the client, so no 409 after it", path).isEqualTo(201);
                    assertThat(replay.body()).isEqualTo("{\"order\":" + order + "}");
                }
            }
            assertThat(orders.runs).hasValue(order);
        }
    }
}
