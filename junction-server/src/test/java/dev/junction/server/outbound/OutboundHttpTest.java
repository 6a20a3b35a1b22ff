package dev.junction.server.outbound;

import static dev.junction.server.TestGateways.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import dev.junction.server.Downstream;
import dev.junction.server.Gateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outbound webhooks over real sockets: applications and endpoints made through the API, a publish fanned out
 * by type filter and channels, each delivery verified by the Standard Webhooks library, rotation signing with
 * both secrets, and the publisher's event id deduplicating.
 */
class OutboundHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private Downstream invoices;
    private Downstream everything;
    private Downstream disabled;
    private Downstream usOnly;
    private Gateway gateway;
    private int port;

    @BeforeEach
    void open() throws Exception {
        invoices = new Downstream();
        everything = new Downstream();
        disabled = new Downstream();
        usOnly = new Downstream();
        gateway = start(config(stripeGateway(dir) + """
                destinations:
                  billing: { url: "%s" }
                routes:
                  - { from: stripe, to: [billing] }
                delivery: { workers: 8, poll-interval: 200ms, lease: 4s }
                outbound: { allow-networks: ["127.0.0.0/8"] }
                """.formatted(invoices.url())));
        port = gateway.port();
    }

    @AfterEach
    void stop() {
        gateway.close();
        for (Downstream d : List.of(invoices, everything, disabled, usOnly)) d.close();
    }

    private JsonNode call(String method, String path, String body, int expected) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + ADMIN_KEY).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(expected);
        return r.body().isEmpty() ? null : JSON.readTree(r.body());
    }

    private String endpoint(String app, String json) throws Exception {
        return call("POST", "/api/v1/apps/" + app + "/endpoints", json, 201).get("id").asText();
    }

    private String secret(String app, String endpoint) throws Exception {
        return call("GET", "/api/v1/apps/" + app + "/endpoints/" + endpoint + "/secret", null, 200).get("key").asText();
    }

    private static void verified(Downstream.Received r, String secret) {
        assertThatCode(() -> new Webhook(secret).verify(r.bodyText(), r.headers())).as("signed with " + secret.substring(0, 10))
                .doesNotThrowAnyException();
    }

    @Test
    void aPublishFansOutByTypeAndChannelSignedAsStandardWebhooksAndAnEventIdIsPublishedOnce() throws Exception {
        JsonNode app = call("POST", "/api/v1/apps", "{\"uid\":\"acme\",\"name\":\"Acme Corp\"}", 201);
        call("POST", "/api/v1/apps", "{\"uid\":\"acme\"}", 409);
        String inv = endpoint("acme", "{\"url\":\"" + invoices.url() + "\",\"filter_types\":[\"invoice.*\"]}");
        String all = endpoint("acme", "{\"url\":\"" + everything.url() + "\",\"headers\":{\"X-Tenant\":\"acme\"}}");
        endpoint("acme", "{\"url\":\"" + disabled.url() + "\",\"disabled\":true}");
        endpoint("acme", "{\"url\":\"" + usOnly.url() + "\",\"channels\":[\"us\"]}");
        assertThat(call("GET", "/api/v1/apps/acme/endpoints", null, 200).get("items")).hasSize(4);
        JsonNode firstPage = call("GET", "/api/v1/apps/acme/endpoints?limit=3", null, 200);
        assertThat(firstPage.get("items")).hasSize(3);
        JsonNode lastPage = call("GET", "/api/v1/apps/acme/endpoints?limit=3&cursor=" + firstPage.get("next").asText(), null, 200);
        assertThat(lastPage.get("items")).hasSize(1);
        assertThat(lastPage.get("next").isNull()).isTrue();
        assertThat(call("GET", "/api/v1/apps/" + app.get("id").asText(), null, 200).get("uid").asText()).isEqualTo("acme");

        // Decimals as written: read into doubles and written again they arrived rounded (1.1234567890123457) or reshaped (100.0).
        String invoice = "{\"invoice\":\"in_1\",\"amount\":4200, \"rate\":1.123456789012345678,\"fee\":1e2,\"big\":12345678901234567.89}";
        JsonNode paid = call("POST", "/api/v1/apps/acme/messages",
                "{\"event_type\":\"invoice.paid\",\"payload\":" + invoice + ",\"channels\":[\"eu\"],\"event_id\":\"evt_1\"}", 202);
        assertThat(paid.get("deliveries").asInt()).as("invoices and everything; not the disabled one, not the us channel").isEqualTo(2);
        JsonNode created = call("POST", "/api/v1/apps/acme/messages",
                "{\"event_type\":\"customer.created\",\"payload\":{\"customer\":\"cus_1\"},\"channels\":[\"us\"]}", 202);
        assertThat(created.get("deliveries").asInt()).as("everything and the us channel").isEqualTo(2);
        JsonNode again = call("POST", "/api/v1/apps/acme/messages",
                "{\"event_type\":\"invoice.paid\",\"payload\":{\"invoice\":\"in_1\",\"amount\":4200},\"event_id\":\"evt_1\"}", 200);
        assertThat(again.get("id").asText()).as("the same event id: the first message").isEqualTo(paid.get("id").asText());

        await().atMost(WAIT).until(() -> invoices.arrived() + everything.arrived() + usOnly.arrived() >= 4);
        assertThat(disabled.arrived()).isZero();
        assertThat(invoices.received()).hasSize(1);
        Downstream.Received toInvoices = invoices.received().get(0);
        assertThat(toInvoices.header("webhook-id")).isEqualTo(paid.get("id").asText());
        assertThat(toInvoices.bodyText()).isEqualTo(invoice);
        verified(toInvoices, secret("acme", inv));
        assertThat(everything.received()).hasSize(2);
        everything.received().forEach(r -> verified(r, secretQuietly("acme", all)));
        assertThat(everything.received().get(0).header("X-Tenant")).isEqualTo("acme");
        assertThat(usOnly.received()).hasSize(1);

        JsonNode story = call("GET", "/api/v1/apps/acme/messages/" + paid.get("id").asText(), null, 200);
        assertThat(story.get("eventType").asText()).isEqualTo("invoice.paid");
        assertThat(story.get("deliveries")).hasSize(2).allMatch(d -> d.get("state").asText().equals("SUCCEEDED"));

        // Deleted, and its uid taken again (another customer, perhaps): the new app sees none of the old one's messages,
        // and the old event ids are not its duplicates.
        call("DELETE", "/api/v1/apps/acme", null, 204);
        call("POST", "/api/v1/apps", "{\"uid\":\"acme\"}", 201);
        assertThat(call("GET", "/api/v1/apps/acme/messages", null, 200).get("items")).isEmpty();
        call("GET", "/api/v1/apps/acme/messages/" + paid.get("id").asText(), null, 404);
        JsonNode fresh = call("POST", "/api/v1/apps/acme/messages",
                "{\"event_type\":\"invoice.paid\",\"payload\":{\"invoice\":\"in_9\"},\"event_id\":\"evt_1\"}", 202);
        assertThat(fresh.get("id").asText()).isNotEqualTo(paid.get("id").asText());
    }

    @Test
    void duringARotationEveryDeliveryCarriesBothSignatures() throws Exception {
        call("POST", "/api/v1/apps", "{\"uid\":\"globex\"}", 201);
        String id = endpoint("globex", "{\"url\":\"" + everything.url() + "\"}");
        String old = secret("globex", id);
        JsonNode rotated = call("POST", "/api/v1/apps/globex/endpoints/" + id + "/secret/rotate", "{\"grace\":\"1h\"}", 200);
        String current = rotated.get("key").asText();
        assertThat(current).isNotEqualTo(old).startsWith("whsec_");
        assertThat(secret("globex", id)).isEqualTo(current);
        assertThat(call("GET", "/api/v1/apps/globex/endpoints/" + id, null, 200).get("rotating").asBoolean()).isTrue();
        // A second rotation during the grace would end the first secret's promised grace at once: refused, nothing changed.
        JsonNode again = call("POST", "/api/v1/apps/globex/endpoints/" + id + "/secret/rotate", "{\"grace\":\"1h\"}", 409);
        assertThat(again.get("type").asText()).endsWith("/problems/rotation-in-progress");
        assertThat(again.get("detail").asText()).startsWith("The secret before this one still signs until ");
        assertThat(secret("globex", id)).isEqualTo(current);
        // Once a grace has ended the endpoint no longer says it is rotating (it did forever, and the portal showed a badge).
        String brief = endpoint("globex", "{\"url\":\"" + disabled.url() + "\",\"disabled\":true}");
        call("POST", "/api/v1/apps/globex/endpoints/" + brief + "/secret/rotate", "{\"grace\":\"1s\"}", 200);
        await().atMost(WAIT).until(() -> !call("GET", "/api/v1/apps/globex/endpoints/" + brief, null, 200).get("rotating").asBoolean());

        call("POST", "/api/v1/apps/globex/messages", "{\"event_type\":\"order.shipped\",\"payload\":{\"order\":\"o_1\"}}", 202);
        await().atMost(WAIT).until(() -> everything.arrived() >= 1);
        Downstream.Received r = everything.received().get(0);
        assertThat(r.header("webhook-signature").split(" ")).hasSize(2);
        verified(r, current);
        verified(r, old);
    }

    @Test
    void badRequestsAreClearProblemsAndStoreNothing() throws Exception {
        call("POST", "/api/v1/apps/nobody/messages", "{\"event_type\":\"a\",\"payload\":{}}", 404);
        call("POST", "/api/v1/apps", "{\"uid\":\"initech\"}", 201);
        assertThat(call("POST", "/api/v1/apps/initech/messages", "{\"event_type\":\"a\",\"payload\":[1]}", 400).get("parameter").asText())
                .isEqualTo("payload");
        assertThat(call("POST", "/api/v1/apps/initech/endpoints", "{\"url\":\"ftp://example.com\"}", 400).get("parameter").asText())
                .isEqualTo("url");
        // Accepted before, the port then failed every delivery ("port out of range:99999").
        assertThat(call("POST", "/api/v1/apps/initech/endpoints", "{\"url\":\"https://example.com:99999/hooks\"}", 400).get("detail").asText())
                .isEqualTo("'url' has port 99999: a port is 1 to 65535");
        // 0177.0.0.1 is 127.0.0.1 to curl and browsers and was accepted as 177.0.0.1, the JDK's reading.
        for (String host : List.of("127.1", "0177.0.0.1", "127.0.0.01", "010.0.0.1")) {
            assertThat(call("POST", "/api/v1/apps/initech/endpoints", "{\"url\":\"http://" + host + "/hooks\"}", 400).get("detail").asText())
                    .as(host).startsWith("'url' has a host that is neither a DNS name nor an IP address written in full");
        }
        for (String headers : List.of("{\"Bad Header\":\"x\"}", "{\"\":\"x\"}", "{\"X-Tenant\":\"a\\r\\nX-Evil: 1\"}",
                "{\"Content-Type\":\"text/plain\"}", "{\"webhook-id\":\"x\"}")) {
            JsonNode refused = call("POST", "/api/v1/apps/initech/endpoints", "{\"url\":\"" + everything.url() + "\",\"headers\":" + headers + "}", 400);
            assertThat(refused.get("parameter").asText()).as(headers).isEqualTo("headers");
            assertThat(refused.get("detail").asText()).as(headers).startsWith("headers: ");
        }
        // event_id is optional: an empty one is refused as empty, not as missing.
        assertThat(call("POST", "/api/v1/apps/initech/messages", "{\"event_type\":\"a\",\"payload\":{},\"event_id\":\"\"}", 400)
                .get("detail").asText()).isEqualTo("'event_id' must not be empty");
        assertThat(call("POST", "/api/v1/apps/initech/messages", "{\"event_type\":\"a\",\"payload\":{}} xx", 400).get("detail").asText())
                .isEqualTo("the body is not JSON");
        assertThat(call("POST", "/api/v1/apps/initech/messages", "{\"event_type\":\"a\",\"payload\":{}} {}", 400).get("detail").asText())
                .isEqualTo("the body is not one JSON value: something follows it");
        assertThat(call("POST", "/api/v1/apps/initech/messages", "{\"event_type\":\"a\",\"event_type\":\"b\",\"payload\":{}}", 400)
                .get("detail").asText()).isEqualTo("the body gives a field twice ('event_type')");
        assertThat(call("GET", "/api/v1/apps/initech/endpoints?limit=0", null, 400).get("parameter").asText()).isEqualTo("limit");
        assertThat(call("GET", "/api/v1/apps/initech/endpoints?bogus=1", null, 400).get("parameter").asText()).isEqualTo("bogus");
        assertThat(call("GET", "/api/v1/apps/initech/endpoints?cursor=xyz", null, 400).get("parameter").asText()).isEqualTo("cursor");
        assertThat(call("POST", "/api/v1/apps/initech/endpoints", "{\"url\":\"https://example.com\",\"colour\":1}", 400)
                .get("parameter").asText()).isEqualTo("colour");
        JsonNode privateUrl = call("POST", "/api/v1/apps/initech/endpoints", "{\"url\":\"http://10.0.0.5/hooks\"}", 422);
        assertThat(privateUrl.get("type").asText()).isEqualTo("/problems/url-refused");
        assertThat(privateUrl.get("detail").asText()).contains("private 10.0.0.0/8");
        assertThat(call("POST", "/api/v1/apps/initech/endpoints", "{\"url\":\"http://169.254.169.254/latest/meta-data\"}", 422)
                .get("detail").asText()).contains("metadata");
        assertThat(call("POST", "/api/v1/apps/initech/endpoints", "{\"url\":\"http://[::ffff:10.0.0.5]/\"}", 422)
                .get("detail").asText()).contains("10.0.0.0/8");
        assertThat(call("GET", "/api/v1/apps/initech/endpoints", null, 200).get("items")).isEmpty();
        // Each endpoint and header goes with every message: a customer (the portal too) cannot multiply them without end.
        assertThat(call("POST", "/api/v1/apps/initech/endpoints", "{\"url\":\"" + everything.url() + "\",\"headers\":{\"X-A\":\""
                + "a".repeat(1025) + "\"}}", 400).get("parameter").asText()).isEqualTo("headers");
        for (int i = 0; i < 50; i++) endpoint("initech", "{\"url\":\"" + everything.url() + "\",\"disabled\":true}");
        assertThat(call("POST", "/api/v1/apps/initech/endpoints", "{\"url\":\"" + everything.url() + "\"}", 409).get("type").asText())
                .isEqualTo("/problems/too-many-endpoints");
    }

    @Test
    void aPayloadThatDoesNotFitItsTypesSchemaIsRefusedAndNothingIsSent() throws Exception {
        String fresh = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        for (String outcome : dev.junction.engine.outbound.Publisher.OUTCOMES) {
            assertThat(fresh).contains("junction_outbound_publishes_total{outcome=\"" + outcome + "\"} 0.0");
        }
        call("POST", "/api/v1/event-types", """
                {"name": "invoice.paid", "schema": {"type": "object", "required": ["amount"],
                  "properties": {"amount": {"type": "integer", "minimum": 1}}}}""", 201);
        call("POST", "/api/v1/apps", "{\"uid\":\"umbrella\"}", 201);
        endpoint("umbrella", "{\"url\":\"" + everything.url() + "\"}");

        HttpResponse<String> first = publish("umbrella", "{\"event_type\":\"invoice.paid\",\"payload\":{\"amount\":0}}", "\"inv-1-paid\"");
        assertThat(first.statusCode()).isEqualTo(422);
        JsonNode refused = JSON.readTree(first.body());
        assertThat(refused.get("type").asText()).isEqualTo("/problems/payload-does-not-match-schema");
        assertThat(refused.get("errors").get(0).get("path").asText()).isEqualTo("/amount");
        assertThat(refused.get("errors").get(0).get("rule").asText()).isEqualTo("minimum");
        // Nothing was stored, so the corrected payload may be sent under the same Idempotency-Key.
        HttpResponse<String> corrected = publish("umbrella", "{\"event_type\":\"invoice.paid\",\"payload\":{\"amount\":5}}", "\"inv-1-paid\"");
        assertThat(corrected.statusCode()).as(corrected.body()).isEqualTo(202);

        await().atMost(WAIT).until(() -> everything.arrived() >= 1);
        assertThat(everything.received()).hasSize(1);
        assertThat(JSON.readTree(everything.received().get(0).bodyText()).get("amount").asInt()).isEqualTo(5);
        String counted = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(counted).contains("junction_outbound_publishes_total{outcome=\"schema-refused\"} 1.0",
                "junction_outbound_publishes_total{outcome=\"accepted\"} 1.0");
    }

    @Test
    void aRetriedPublishWithItsIdempotencyKeyGetsTheFirstAnswerAndPublishesOnce() throws Exception {
        call("POST", "/api/v1/apps", "{\"uid\":\"hooli\"}", 201);
        endpoint("hooli", "{\"url\":\"" + everything.url() + "\"}");
        String body = "{\"event_type\":\"order.shipped\",\"payload\":{\"order\":\"o_7\"}}";
        HttpResponse<String> first = publish("hooli", body, "\"order-o_7-shipped\"");
        HttpResponse<String> retry = publish("hooli", body, "\"order-o_7-shipped\"");
        HttpResponse<String> changed = publish("hooli", body.replace("o_7", "o_8"), "\"order-o_7-shipped\"");

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(retry.statusCode()).isEqualTo(202);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(changed.statusCode()).as("same key, another payload").isEqualTo(422);
        assertThat(call("GET", "/api/v1/messages?source=app:hooli", null, 200).get("items")).as("one message stored").hasSize(1);
        await().atMost(WAIT).until(() -> everything.arrived() >= 1);
        assertThat(JSON.readTree(everything.received().get(0).bodyText()).get("order").asText()).isEqualTo("o_7");
    }

    private HttpResponse<String> publish(String app, String body, String key) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/apps/" + app + "/messages"))
                .header("Authorization", "Bearer " + ADMIN_KEY).header("Content-Type", "application/json").header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String secretQuietly(String app, String endpoint) {
        try {
            return secret(app, endpoint);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
