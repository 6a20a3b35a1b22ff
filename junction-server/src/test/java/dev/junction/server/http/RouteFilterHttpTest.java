package dev.junction.server.http;

import static dev.junction.server.TestGateways.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.server.Downstream;
import dev.junction.server.Gateway;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Route filters end to end, on a real gateway: Stripe events go to billing only when their type is one the
 * route takes; the others are stored, counted, and their story says why they went nowhere.
 */
class RouteFilterHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private Downstream billing;
    private Gateway gateway;
    private int port;

    @BeforeEach
    void startGateway() throws Exception {
        billing = new Downstream();
        gateway = start(config(stripeGateway(dir) + """
                  github:
                    verify: { scheme: github, secrets: ["gh-secret"] }
                  orders:
                    verify: { scheme: none }
                    type: { header: X-Event-Type }
                destinations:
                  billing: { url: "%s" }
                routes:
                  - from: stripe
                    to: [billing]
                    when: { type: ["payment_intent.*", "charge.dispute.*"] }
                  - from: orders
                    to: billing
                    when: { type: order.paid }
                """.formatted(billing.url())));
        port = gateway.port();
    }

    @AfterEach
    void stop() {
        if (gateway != null) gateway.close();
        if (billing != null) billing.close();
    }

    private static String stripeEvent(String id, String type) {
        return "{\"id\":\"" + id + "\",\"object\":\"event\",\"data\":{\"object\":{\"id\":\"pi_1\",\"object\":\"payment_intent\"}},"
                + "\"livemode\":false,\"type\":\"" + type + "\"}";
    }

    private static String accepted(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return JSON.readTree(response.body()).get("id").asText();
    }

    private JsonNode story(String messageId) throws Exception {
        HttpResponse<String> r = get(port, "/api/v1/messages/" + messageId);
        assertThat(r.statusCode()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private List<String> searchByType(String type) throws Exception {
        JsonNode page = JSON.readTree(get(port, "/api/v1/messages?type=" + URLEncoder.encode(type, StandardCharsets.UTF_8)).body());
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(m -> ids.add(m.get("id").asText() + " " + m.get("type").asText()));
        return ids;
    }

    @Test
    void aTypeTheRouteTakesIsDeliveredAndOneItDoesNotTakeIsStoredCountedAndExplained() throws Exception {
        String customer = accepted(postStripe(port, stripeEvent("evt_customer", "customer.created")));
        String payment = accepted(postStripe(port, stripeEvent("evt_payment", "payment_intent.succeeded")));

        await().atMost(WAIT).until(() -> billing.succeeded().size() == 1);
        assertThat(billing.succeeded().get(0).header("webhook-id")).isEqualTo(payment);
        assertThat(billing.succeeded().get(0).bodyText()).contains("payment_intent.succeeded");
        JsonNode delivered = story(payment);
        assertThat(delivered.get("type").asText()).isEqualTo("payment_intent.succeeded");
        assertThat(delivered.get("unrouted").isNull()).isTrue();
        assertThat(delivered.get("deliveries")).hasSize(1);

        // The other is kept, with no delivery at all, and its story says why.
        assertThat(gateway.pipeline().store().deliveriesOf(customer)).isEmpty();
        JsonNode nowhere = story(customer);
        assertThat(nowhere.get("type").asText()).isEqualTo("customer.created");
        assertThat(nowhere.get("deliveries")).isEmpty();
        assertThat(nowhere.get("unrouted").asText()).isEqualTo(
                "no route of source 'stripe' takes type 'customer.created' (routes take: payment_intent.*, charge.dispute.*)");

        // Counted once: a retry of it is a duplicate, not another event that went nowhere.
        assertThat(postStripe(port, stripeEvent("evt_customer", "customer.created")).statusCode()).isEqualTo(200);
        String scrape = get(port, "/metrics").body();
        assertThat(scrape).contains("junction_messages_unrouted_total{source=\"stripe\"} 1.0",
                "junction_messages_unrouted_total{source=\"github\"} 0.0");
        JsonNode stripeStats = null;
        for (JsonNode s : JSON.readTree(get(port, "/api/v1/stats").body()).get("sources")) if (s.get("name").asText().equals("stripe")) stripeStats = s;
        assertThat(stripeStats.get("received").asLong()).isEqualTo(2);
        assertThat(stripeStats.get("unrouted").asLong()).isEqualTo(1);

        assertThat(searchByType("customer.*")).containsExactly(customer + " customer.created");
        assertThat(searchByType("payment_intent.succeeded")).containsExactly(payment + " payment_intent.succeeded");
        assertThat(searchByType("*")).containsExactly(payment + " payment_intent.succeeded", customer + " customer.created");
        JsonNode routes = JSON.readTree(get(port, "/api/v1/routes").body()).get("items");
        assertThat(routes.get(0).get("when").toString()).isEqualTo("{\"type\":[\"payment_intent.*\",\"charge.dispute.*\"]}");
    }

    @Test
    void aConfiguredTypeHeaderIsReadAndAnEventWithoutATypeOrASourceWithoutRoutesIsExplained() throws Exception {
        String paid = accepted(post(port, "orders", "{\"order\":1}", Map.of("X-Event-Type", "order.paid")));
        String untyped = accepted(post(port, "orders", "{\"order\":2}", Map.of()));
        byte[] ping = "{\"zen\":\"Design for failure.\",\"hook_id\":1}".getBytes(StandardCharsets.UTF_8);
        String github = accepted(post(port, "github", new String(ping, StandardCharsets.UTF_8), Map.of("X-GitHub-Event", "ping",
                "X-GitHub-Delivery", "d-1", "X-Hub-Signature-256", "sha256=" + hmacSha256Hex("gh-secret", ping))));

        await().atMost(WAIT).until(() -> billing.succeeded().size() == 1);
        assertThat(billing.succeeded().get(0).header("webhook-id")).isEqualTo(paid);
        assertThat(billing.succeeded().get(0).header("webhook-event-type"))
                .as("the type, read from a header of the sender's that is not passed on, reaches the receiver").isEqualTo("order.paid");
        assertThat(story(paid).get("type").asText()).isEqualTo("order.paid");
        JsonNode none = story(untyped);
        assertThat(none.get("type").isNull()).as("a missing type is null, not an error").isTrue();
        assertThat(none.get("unrouted").asText()).isEqualTo("no route of source 'orders' takes events without a type (routes take: order.paid)");
        JsonNode noRoutes = story(github);
        assertThat(noRoutes.get("type").asText()).isEqualTo("ping");
        assertThat(noRoutes.get("unrouted").asText()).isEqualTo("source 'github' has no routes");
        assertThat(get(port, "/metrics").body()).contains("junction_messages_unrouted_total{source=\"orders\"} 1.0",
                "junction_messages_unrouted_total{source=\"github\"} 1.0");
    }

    private static String hmacSha256Hex(String secret, byte[] body) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return java.util.HexFormat.of().formatHex(mac.doFinal(body));
    }
}
