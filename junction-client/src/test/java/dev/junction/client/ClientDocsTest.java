package dev.junction.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariDataSource;
import dev.junction.client.housekeeping.Housekeeping;
import dev.junction.client.housekeeping.HousekeepingConfig;
import dev.junction.client.http.MicrometerClientMetrics;
import dev.junction.client.http.ResilientHttpClient;
import dev.junction.client.http.ResilientHttpConfig;
import dev.junction.client.idempotency.IdempotencyConfig;
import dev.junction.client.idempotency.IdempotencyFilter;
import dev.junction.client.idempotency.IdempotencyStore;
import dev.junction.client.jdbc.TestDatabases;
import dev.junction.client.money.AmountNotRepresentableException;
import dev.junction.client.money.Money;
import dev.junction.client.money.StripeAmounts;
import dev.junction.client.outbox.HttpOutboxSender;
import dev.junction.client.outbox.Outbox;
import dev.junction.client.outbox.OutboxEvent;
import dev.junction.client.outbox.OutboxRelay;
import dev.junction.client.outbox.RelayConfig;
import dev.junction.client.webhook.VerifiedWebhook;
import dev.junction.client.webhook.WebhookInbox;
import dev.junction.client.webhook.WebhookRejectedException;
import dev.junction.client.webhook.WebhookVerifier;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs every example of docs/client.md, verbatim, and checks that the page holds no other. */
class ClientDocsTest {

    private static final Pattern JAVA_BLOCK = Pattern.compile("(?s)```java\\n(.*?)```");

    @TempDir
    Path dir;

    private HikariDataSource dataSource;
    private HttpServer downstream;
    private final List<String> arrived = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() throws Exception {
        dataSource = TestDatabases.fresh(TestDatabases.Kind.SQLITE, dir);
        downstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicInteger calls = new AtomicInteger();
        downstream.createContext("/", x -> {
            arrived.add(x.getRequestMethod() + " " + x.getRequestURI() + " " + x.getRequestHeaders().getFirst("Idempotency-Key"));
            x.getRequestBody().readAllBytes();
            x.sendResponseHeaders(calls.incrementAndGet() == 1 ? 503 : 201, -1);
            x.close();
        });
        downstream.start();
    }

    @AfterEach
    void close() {
        downstream.stop(0);
        dataSource.close();
    }

    private String baseUrl() {
        return "http://127.0.0.1:" + downstream.getAddress().getPort();
    }

    @Test
    void everyJavaExampleOnThePageIsOneOfThisTestsOwn() throws Exception {
        String page = Files.readString(findUp("docs/client.md"));
        String self = squash(Files.readString(findUp("junction-client/src/test/java/dev/junction/client/ClientDocsTest.java")));
        Matcher m = JAVA_BLOCK.matcher(page);
        int examples = 0;
        while (m.find()) {
            assertThat(self).as("example %d of docs/client.md runs in this test", examples + 1).contains(squash(m.group(1)));
            examples++;
        }
        assertThat(examples).isEqualTo(6);
    }

    /**
     * The example's handler fails on the first delivery (the service answers 500); the provider's redelivery is then
     * handled, once, and a third delivery is skipped. With the id committed before the handler ran, the redelivery was
     * skipped and the payment never recorded.
     */
    @Test
    void webhooks() throws Exception {
        try (Connection c = dataSource.getConnection(); java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE TABLE payments (event_id VARCHAR(255) NOT NULL)");
        }
        byte[] body = "{\"id\":\"evt_1\",\"type\":\"invoice.paid\"}".getBytes(StandardCharsets.UTF_8);
        Map<String, List<String>> headers = stripeSigned("whsec_old", body);
        failNextPayment = true;
        assertThatThrownBy(() -> receiveWebhook(headers, body)).hasMessage("the ledger is down");
        assertThat(receiveWebhook(headers, body)).as("the redelivery").isEqualTo(200);
        assertThat(receiveWebhook(headers, body)).as("a second redelivery").isEqualTo(200);
        assertThat(payments).containsExactly("invoice.paid evt_1");
        try (Connection c = dataSource.getConnection(); java.sql.Statement s = c.createStatement();
             java.sql.ResultSet rows = s.executeQuery("SELECT count(*) FROM payments")) {
            rows.next();
            assertThat(rows.getInt(1)).as("the failed attempt's row was rolled back with its id").isEqualTo(1);
        }
        Map<String, List<String>> forged = stripeSigned("whsec_someone_else", body);
        assertThat(receiveWebhook(forged, body)).isEqualTo(401);
    }

    private final List<String> payments = new ArrayList<>();
    private boolean failNextPayment;

    /** The handler: the payment's row on {@code c}; fails once when told to, after writing. */
    private void recordPayment(Connection c, VerifiedWebhook event) throws SQLException {
        try (java.sql.PreparedStatement ps = c.prepareStatement("INSERT INTO payments (event_id) VALUES (?)")) {
            ps.setString(1, event.id());
            ps.executeUpdate();
        }
        if (failNextPayment) {
            failNextPayment = false;
            throw new IllegalStateException("the ledger is down");
        }
        payments.add(event.type().orElse("?") + " " + event.id());
    }

    private int receiveWebhook(Map<String, List<String>> headers, byte[] body) throws SQLException {
        String secret = "whsec_new";
        String previousSecret = "whsec_old";
        int status;
        WebhookVerifier verifier = WebhookVerifier.stripe(secret, previousSecret);
        WebhookInbox inbox = WebhookInbox.create(dataSource);
        try {
            VerifiedWebhook event = verifier.verify(headers, body);
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try {
                    if (inbox.firstDelivery(c, event)) {
                        recordPayment(c, event);   // the event's effects, on c
                    }
                    c.commit();
                } catch (SQLException | RuntimeException e) {
                    c.rollback();   // the id too: the redelivery will be handled
                    throw e;
                }
            }
            status = 200;
        } catch (WebhookRejectedException e) {
            status = e.status();
        }
        return status;
    }

    @Test
    void callingOtherServices() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        String baseUrl = baseUrl();
        ResilientHttpClient client = ResilientHttpClient.of(HttpClient.newHttpClient(), ResilientHttpConfig.custom()
                .callTimeout(Duration.ofSeconds(5))
                .deadlineHeader("Request-Timeout-Ms")
                .metrics(new MicrometerClientMetrics(registry))
                .build());
        HttpResponse<String> charge = client.send(HttpRequest.newBuilder(URI.create(baseUrl + "/charges"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"amount\":4200}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(charge.statusCode()).isEqualTo(201);
        assertThat(arrived).hasSize(2);
        assertThat(arrived.get(1)).isEqualTo(arrived.get(0)).startsWith("POST /charges \"");
        assertThat(registry.counter("junction.client.retries", "host", URI.create(baseUrl).getAuthority()).count()).isEqualTo(1);
    }

    @Test
    void makingYourOwnApiIdempotent() throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        AtomicInteger runs = new AtomicInteger();
        context.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws java.io.IOException {
                resp.setStatus(201);
                resp.getWriter().write("order " + runs.incrementAndGet());
            }
        }), "/api/orders");
        IdempotencyFilter filter = new IdempotencyFilter(new IdempotencyStore(dataSource), IdempotencyConfig.custom()
                .required(true)
                .clientIdentity(request -> request.getHeader("X-Api-Client"))
                .build());
        context.addFilter(new FilterHolder(filter), "/api/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
        server.setHandler(context);
        server.start();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpRequest post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/api/orders"))
                    .header("X-Api-Client", "acme").header("Idempotency-Key", "\"o-1\"").POST(HttpRequest.BodyPublishers.ofString("{}")).build();
            assertThat(http.send(post, HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("order 1");
            assertThat(http.send(post, HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("order 1");
        } finally {
            server.stop();
        }
        assertThat(runs).hasValue(1);
    }

    @Test
    void publishingEventsThroughTheOutbox() throws Exception {
        URI junctionUrl = URI.create(baseUrl());
        String apiKey = "jk_docs";
        Outbox outbox = Outbox.create(dataSource);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            // ... the service's own inserts and updates, on c ...
            outbox.add(c, OutboxEvent.json("acme", "invoice.paid", "{\"invoice\":\"in_1\",\"amount\":4200}").orderedBy("in_1"));
            c.commit();
        }
        OutboxRelay relay = new OutboxRelay(outbox,
                HttpOutboxSender.junction(HttpClient.newHttpClient(), junctionUrl, apiKey, Duration.ofSeconds(10)),
                RelayConfig.DEFAULT, new SplittableRandom());
        relay.start();
        try {
            // The first send gets a 503; the retry, after a backoff of up to a second, a 201.
            await().atMost(Duration.ofSeconds(20)).until(() -> arrived.size() == 2);
        } finally {
            relay.close();
        }
        assertThat(arrived.get(1)).isEqualTo(arrived.get(0)).startsWith("POST /api/v1/apps/acme/messages \"");
    }

    @Test
    void housekeeping() throws Exception {
        Instant longAgo = Instant.now().minus(Duration.ofDays(40));
        new WebhookInbox(dataSource, Clock.fixed(longAgo, ZoneOffset.UTC), WebhookInbox.DEFAULT_RETENTION)
                .firstDeliveryAtMostOnce(new VerifiedWebhook("stripe", "evt_old", Optional.empty()));
        WebhookInbox.create(dataSource).firstDeliveryAtMostOnce(new VerifiedWebhook("stripe", "evt_new", Optional.empty()));
        Housekeeping housekeeping = Housekeeping.builder()
                .config(HousekeepingConfig.custom().outboxSentRetention(Duration.ofDays(3)).build())
                .idempotencyKeys(new IdempotencyStore(dataSource))
                .webhookInbox(WebhookInbox.create(dataSource))
                .sentOutboxEvents(Outbox.create(dataSource))
                .build();
        housekeeping.start();
        try {
            assertThat(housekeeping.runOnce().deleted()).containsExactly(Map.entry("junction_idempotency_keys", 0),
                    Map.entry("junction_webhook_inbox", 1), Map.entry("junction_outbox", 0));
        } finally {
            housekeeping.close();
        }
        assertThat(WebhookInbox.create(dataSource).firstDeliveryAtMostOnce(new VerifiedWebhook("stripe", "evt_new", Optional.empty())))
                .as("kept: received just now").isFalse();
    }

    @Test
    void money() {
        String refused = null;
        Money price = Money.of("12.34", "EUR");
        long cents = price.minorUnits();
        long isk = StripeAmounts.toStripe(Money.of("5", "ISK"));
        Money fromStripe = StripeAmounts.fromStripe(1234500, "cop");
        try {
            StripeAmounts.toStripePayout(Money.of("10.45", "HUF"));
        } catch (AmountNotRepresentableException e) {
            refused = e.getMessage();
        }
        assertThat(cents).isEqualTo(1234);
        assertThat(isk).isEqualTo(500);
        assertThat(fromStripe).isEqualTo(Money.of("12345", "COP"));
        assertThat(refused).startsWith("10.45 HUF cannot be paid out by Stripe");
    }

    private static Map<String, List<String>> stripeSigned(String secret, byte[] body) throws Exception {
        long t = Instant.now().getEpochSecond();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((t + ".").getBytes(StandardCharsets.UTF_8));
        return Map.of("Stripe-Signature", List.of("t=" + t + ",v1=" + HexFormat.of().formatHex(mac.doFinal(body))));
    }

    private static String squash(String code) {
        return code.replaceAll("\\s+", " ").strip();
    }

    private static Path findUp(String path) {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.exists(d.resolve(path))) return d.resolve(path);
        }
        throw new AssertionError(path + " not found above " + Path.of("").toAbsolutePath());
    }
}
