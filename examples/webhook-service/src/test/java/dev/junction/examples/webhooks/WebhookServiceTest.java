package dev.junction.examples.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/** Starts the example once, on SQLite, against a partner that fails its first call and an events endpoint. */
class WebhookServiceTest {

    private static final String SECRET = "whsec_example_test";

    @TempDir
    Path dir;

    private HttpServer partner;
    private final List<String> reservationKeys = new CopyOnWriteArrayList<>();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private ConfigurableApplicationContext app;
    private HttpClient http;
    private String base;

    @BeforeEach
    void start() throws Exception {
        partner = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        partner.createContext("/reservations", x -> {
            x.getRequestBody().readAllBytes();
            reservationKeys.add(x.getRequestHeaders().getFirst("Idempotency-Key"));
            byte[] answer = "{\"reservation\":\"r-1\"}".getBytes(StandardCharsets.UTF_8);
            boolean fail = reservationKeys.size() == 1;
            x.sendResponseHeaders(fail ? 503 : 200, fail ? -1 : answer.length);
            if (!fail) x.getResponseBody().write(answer);
            x.close();
        });
        partner.createContext("/events", x -> {
            events.add(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            x.sendResponseHeaders(200, -1);
            x.close();
        });
        partner.start();
        String partnerUrl = "http://127.0.0.1:" + partner.getAddress().getPort();
        // As command-line arguments, which win over application.properties (default properties would not).
        app = new SpringApplicationBuilder(WebhookServiceApplication.class).run(
                "--server.port=0", "--spring.main.banner-mode=off",
                "--spring.datasource.url=jdbc:sqlite:" + dir.resolve("service.db") + "?journal_mode=WAL&busy_timeout=10000",
                "--partner.url=" + partnerUrl, "--junction.client.outbox.endpoint=" + partnerUrl + "/events",
                "--STRIPE_WEBHOOK_SECRET=" + SECRET, "--junction.client.outbox.poll-interval=100ms");
        base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
        http = HttpClient.newHttpClient();
    }

    @AfterEach
    void stop() {
        http.close();
        app.close();
        if (partner != null) partner.stop(0);
    }

    @Test
    void ordersAreIdempotentWebhooksDedupedAndEventsRelayed() throws Exception {
        HttpRequest order = HttpRequest.newBuilder(URI.create(base + "/api/orders")).header("Content-Type", "application/json")
                .header("X-Api-Client", "shop").header("Idempotency-Key", "\"order-1\"")
                .POST(HttpRequest.BodyPublishers.ofString("{\"sku\":\"A-1\",\"amount\":\"12.34\",\"currency\":\"EUR\"}")).build();
        HttpResponse<String> created = http.send(order, HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.body()).contains("\"amountMinor\":1234");
        // The partner failed once; the retry carried the same key.
        assertThat(reservationKeys).hasSize(2);
        assertThat(reservationKeys.get(1)).isEqualTo(reservationKeys.get(0)).isNotNull();

        HttpResponse<String> replayed = http.send(order, HttpResponse.BodyHandlers.ofString());
        assertThat(replayed.statusCode()).isEqualTo(201);
        assertThat(replayed.body()).isEqualTo(created.body());
        assertThat(replayed.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(reservationKeys).hasSize(2);

        HttpResponse<String> tooPrecise = http.send(HttpRequest.newBuilder(URI.create(base + "/api/orders")).header("Content-Type", "application/json")
                .header("X-Api-Client", "shop").header("Idempotency-Key", "\"order-2\"")
                .POST(HttpRequest.BodyPublishers.ofString("{\"sku\":\"A-1\",\"amount\":\"12.345\",\"currency\":\"EUR\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(tooPrecise.statusCode()).isEqualTo(422);
        assertThat(tooPrecise.headers().firstValue("Content-Type")).contains("application/problem+json");
        HttpResponse<String> empty = http.send(HttpRequest.newBuilder(URI.create(base + "/api/orders")).header("Content-Type", "application/json")
                .header("X-Api-Client", "shop").header("Idempotency-Key", "\"order-3\"")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(empty.statusCode()).as(empty.body()).isEqualTo(422);
        assertThat(empty.body()).contains("sku is required");

        byte[] event = "{\"id\":\"evt_1\",\"type\":\"payment_intent.succeeded\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(webhook(event, SECRET).body()).isEqualTo("recorded");
        assertThat(webhook(event, SECRET).body()).isEqualTo("duplicate");
        HttpResponse<String> forged = webhook(event, "whsec_wrong");
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(forged.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(forged.body()).contains("/problems/bad-signature");

        JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM orders", Integer.class)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM payments", Integer.class)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> events.size() == 2);
        assertThat(events).anySatisfy(e -> assertThat(e).contains("\"amount\":1234")).anySatisfy(e -> assertThat(e).contains("evt_1"));

        // As the README says, every refusal is problem+json: a body that is no JSON too (it was Spring Boot's error JSON),
        // and, rendered by the container, it is not stored under its key, so the corrected request may use the key.
        HttpRequest.Builder order5 = HttpRequest.newBuilder(URI.create(base + "/api/orders")).header("Content-Type", "application/json")
                .header("X-Api-Client", "shop").header("Idempotency-Key", "\"order-5\"");
        HttpResponse<String> notJson = http.send(order5.POST(HttpRequest.BodyPublishers.ofString("{\"sku\": A-9")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(notJson.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(notJson.body()).contains("\"type\":\"/problems/bad-request\"", "could not be read").doesNotContain("A-9");
        HttpResponse<String> corrected = http.send(order5.POST(HttpRequest.BodyPublishers.ofString(
                "{\"sku\":\"A-9\",\"amount\":\"1\",\"currency\":\"EUR\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(corrected.statusCode()).as(corrected.body()).isEqualTo(201);
        HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(URI.create(base + "/nowhere")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).contains("application/problem+json");

        // As the README says: with nothing listening at the partner's URL, 502 once the client's retries are spent.
        partner.stop(0);
        partner = null;
        HttpResponse<String> partnerDown = http.send(HttpRequest.newBuilder(URI.create(base + "/api/orders")).header("Content-Type", "application/json")
                .header("X-Api-Client", "shop").header("Idempotency-Key", "\"order-4\"")
                .POST(HttpRequest.BodyPublishers.ofString("{\"sku\":\"A-2\",\"amount\":\"5\",\"currency\":\"EUR\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(partnerDown.statusCode()).as(partnerDown.body()).isEqualTo(502);
        assertThat(partnerDown.body()).contains("/problems/partner-unavailable", "could not be reached");
    }

    private HttpResponse<String> webhook(byte[] body, String secret) throws Exception {
        long t = Instant.now().getEpochSecond();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((t + ".").getBytes(StandardCharsets.UTF_8));
        String signature = "t=" + t + ",v1=" + HexFormat.of().formatHex(mac.doFinal(body));
        return http.send(HttpRequest.newBuilder(URI.create(base + "/webhooks/stripe")).header("Stripe-Signature", signature)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
