package dev.junction.server.http;

import static dev.junction.server.TestGateways.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.core.verify.SlackSigner;
import dev.junction.server.Downstream;
import dev.junction.server.Gateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12: a verified body without the dedupe key its source promises is refused with 400 and stored
 * nowhere, instead of being keyed by its hash (which answered 202, then "200 duplicate" to its copies).
 */
class MalformedPayloadHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String SLACK_SECRET = "slack-signing-secret-for-junction";
    private static final String STRIPE_PROMISE = "Stripe events carry a string id at /id";

    @TempDir
    Path dir;

    private Downstream downstream;
    private Gateway gateway;
    private int port;

    @BeforeEach
    void startGateway() throws Exception {
        downstream = new Downstream();
        String yaml = stripeGateway(dir) + """
                  slack:
                    verify: { scheme: slack, secrets: ["%s"] }
                  orders:
                    verify: { scheme: stripe, secrets: ["${STRIPE_WEBHOOK_SECRET}"] }
                    dedupe: { json-pointer: /data/object/order }
                  shop:
                    verify: { scheme: stripe, secrets: ["${STRIPE_WEBHOOK_SECRET}"] }
                    dedupe: { header: X-Request-Id }
                  plain:
                    verify: { scheme: hmac, secret: plain-secret, header: X-Sig }
                destinations:
                  sink: { url: "%s" }
                routes:
                  - from: stripe
                    to: [sink]
                """.formatted(SLACK_SECRET, downstream.url());
        gateway = start(config(yaml));
        port = gateway.port();
    }

    @AfterEach
    void stop() {
        if (gateway != null) gateway.close();
        if (downstream != null) downstream.close();
    }

    @Test
    void signedStripeEventsWithoutAUsableIdAre400ByReasonAndLeaveNothingStored() throws Exception {
        byte[] latin1 = "{\"id\":\"évt_1\",\"object\":\"event\"}".getBytes(StandardCharsets.ISO_8859_1);
        assertMalformed(postStripeBytes(latin1, Map.of()), "not-json", "the body is not JSON: invalid UTF-8 at byte 7");
        String truncated = stripeEvent("evt_cut").substring(0, 57);
        assertMalformed(postStripe(port, truncated), "not-json", "the body is not JSON: unexpected end at byte 57");
        assertMalformed(postStripe(port, "[]"), "key-missing", "the body is an array, not an object; " + STRIPE_PROMISE);
        assertMalformed(postStripe(port, "{\"id\": {}}"), "key-wrong-type", "/id is an object; " + STRIPE_PROMISE);
        assertMalformed(postStripe(port, "{\"id\": \"\"}"), "key-empty", "/id is an empty string; " + STRIPE_PROMISE);
        assertMalformed(postStripe(port, "{\"object\":\"event\"}"), "key-missing", "/id is missing; " + STRIPE_PROMISE);
        assertMalformed(postStripe(port, "{\"id\": null}"), "key-missing", "/id is null; " + STRIPE_PROMISE);
        // The copy of a refused event is refused the same way, never taken for a duplicate of it.
        assertMalformed(postStripe(port, "{\"id\": {}}"), "key-wrong-type", "/id is an object; " + STRIPE_PROMISE);

        assertThat(gateway.pipeline().store().stats().messages()).isZero();
        assertThat(get(port, "/api/v1/messages?source=stripe").body()).contains("\"items\":[]");
        JsonNode refused = JSON.readTree(get(port, "/api/v1/sources/stripe").body()).get("rejectedSinceStart");
        assertThat(refused.get("malformed-not-json").asLong()).isEqualTo(2);
        assertThat(refused.get("malformed-key-missing").asLong()).isEqualTo(3);
        assertThat(refused.get("malformed-key-wrong-type").asLong()).isEqualTo(2);
        assertThat(refused.get("malformed-key-empty").asLong()).isEqualTo(1);
        String scrape = get(port, "/metrics").body();
        assertThat(scrape).contains("junction_ingest_requests_total{outcome=\"malformed-not-json\",source=\"stripe\"} 2.0")
                .contains("junction_ingest_requests_total{outcome=\"malformed-key-missing\",source=\"stripe\"} 3.0")
                .contains("junction_ingest_requests_total{outcome=\"malformed-key-wrong-type\",source=\"stripe\"} 2.0")
                .contains("junction_ingest_requests_total{outcome=\"malformed-key-empty\",source=\"stripe\"} 1.0");

        HttpResponse<String> valid = postStripe(port, stripeEvent("evt_fine"));
        assertThat(valid.statusCode()).as(valid.body()).isEqualTo(202);
        assertThat(gateway.pipeline().store().stats().messages()).isEqualTo(1);
    }

    @Test
    void theSignatureIsCheckedFirstSoAForgedMalformedBodyIs401() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        HttpResponse<String> forged = post(port, "stripe", "{\"id\": {}}", Map.of("Stripe-Signature", "t=" + now + ",v1=" + "ab".repeat(32)));
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(forged.body()).get("type").asText()).isEqualTo("/problems/bad-signature");
        HttpResponse<String> unsigned = post(port, "stripe", "[", Map.of());
        assertThat(JSON.readTree(unsigned.body()).get("type").asText()).isEqualTo("/problems/missing-signature");
        assertThat(gateway.pipeline().ingestor().rejections().byReason()).containsOnlyKeys("bad-signature", "missing-signature");
    }

    @Test
    void slackEventsNeedAnEventIdButFormPostsStillFallBackToTheBodyHash() throws Exception {
        HttpResponse<String> noId = postSlack("{\"type\":\"event_callback\",\"event\":{\"type\":\"app_mention\"}}", "application/json");
        assertMalformed(noId, "key-missing", "/event_id is missing; Slack Events API callbacks carry a string event_id at /event_id");
        assertThat(postSlack("{\"type\":\"event_callback\",\"event_id\":\"Ev1\"}", "application/json").statusCode()).isEqualTo(202);
        // A slash command: Slack gives it no id, so its hash is the key and a byte-identical copy is a duplicate.
        String command = "token=x&team_id=T1&command=%2Fdeploy";
        assertThat(postSlack(command, "application/x-www-form-urlencoded").statusCode()).isEqualTo(202);
        assertThat(postSlack(command, "application/x-www-form-urlencoded").statusCode()).isEqualTo(200);
    }

    @Test
    void slacksUrlVerificationIsAnsweredWithItsChallengeAndStoredNowhere() throws Exception {
        // Slack saves an Events API Request URL only when the answer to this signed request is its challenge.
        String verification = "{\"token\":\"Jhj5dZrVaK7ZwHHjRyZWjbDl\",\"challenge\":\"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P\","
                + "\"type\":\"url_verification\"}";
        HttpResponse<String> answered = postSlack(verification, "application/json");
        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
        assertThat(answered.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(answered.body()).isEqualTo("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");
        assertThat(gateway.pipeline().store().stats().messages()).isZero();
        assertThat(gateway.pipeline().ingestor().rejections().byReason()).isEmpty();
        assertThat(get(port, "/metrics").body()).contains("junction_ingest_requests_total{outcome=\"handshake\",source=\"slack\"} 1.0");

        // Only a request Slack signed is answered: anyone else's gets 401 and learns nothing.
        long t = System.currentTimeMillis() / 1000;
        HttpResponse<String> forged = send("slack", verification.getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/json",
                "X-Slack-Request-Timestamp", Long.toString(t), "X-Slack-Signature", "v0=" + "ab".repeat(32)));
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(forged.body()).doesNotContain("3eZbrw1a");
    }

    @Test
    void aConfiguredKeyThatIsMissingIs400EvenWhenTheSchemeHasItsOwn() throws Exception {
        String event = stripeEvent("evt_order");
        assertMalformed(postTo("orders", event, Map.of()), "key-missing",
                "/data/object/order is missing; this source's dedupe.json-pointer names it as the dedupe key");
        assertMalformed(postTo("shop", event, Map.of()), "key-missing",
                "header X-Request-Id is missing; this source's dedupe.header names it as the dedupe key");
        assertThat(postTo("orders", "{\"id\":\"evt_2\",\"data\":{\"object\":{\"order\":\"o-1\"}}}", Map.of()).statusCode()).isEqualTo(202);
        assertThat(postTo("shop", event, Map.of("X-Request-Id", "req-1")).statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(get(port, "/api/v1/sources/orders").body()).at("/rejectedSinceStart/malformed-key-missing").asLong())
                .isEqualTo(1);
    }

    @Test
    void withoutANamedKeyAnyVerifiedBodyIsKeyedByItsHash() throws Exception {
        byte[] notJson = {(byte) 0xFF, 0, 'x'};
        Map<String, String> signed = Map.of("X-Sig", hmacHex("plain-secret", notJson));
        assertThat(send("plain", notJson, signed).statusCode()).isEqualTo(202);
        assertThat(send("plain", notJson, signed).statusCode()).isEqualTo(200);
    }

    private void assertMalformed(HttpResponse<String> r, String reason, String detail) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode p = JSON.readTree(r.body());
        assertThat(p.get("type").asText()).isEqualTo("/problems/malformed-payload");
        assertThat(p.get("status").asInt()).isEqualTo(400);
        assertThat(p.get("reason").asText()).isEqualTo(reason);
        assertThat(p.get("detail").asText()).startsWith(detail + ". The event was not stored");
    }

    private HttpResponse<String> postTo(String source, String payload, Map<String, String> extra) throws Exception {
        Map<String, String> headers = new LinkedHashMap<>(extra);
        headers.put("Stripe-Signature", stripeSignature(payload, System.currentTimeMillis() / 1000));
        return post(port, source, payload, headers);
    }

    /** Bytes that are not UTF-8 cannot pass through stripe-java's String API: signed as Stripe does, checked against it below. */
    private HttpResponse<String> postStripeBytes(byte[] body, Map<String, String> extra) throws Exception {
        long t = System.currentTimeMillis() / 1000;
        String probe = "{\"id\":\"evt_probe\"}";
        assertThat("t=" + t + ",v1=" + hmacHex(STRIPE_SECRET, (t + "." + probe).getBytes(StandardCharsets.UTF_8)))
                .as("the same signature stripe-java makes").isEqualTo(stripeSignature(probe, t));
        byte[] prefix = (t + ".").getBytes(StandardCharsets.UTF_8);
        byte[] signed = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, signed, 0, prefix.length);
        System.arraycopy(body, 0, signed, prefix.length, body.length);
        Map<String, String> headers = new LinkedHashMap<>(extra);
        headers.put("Stripe-Signature", "t=" + t + ",v1=" + hmacHex(STRIPE_SECRET, signed));
        return send("stripe", body, headers);
    }

    private HttpResponse<String> postSlack(String body, String contentType) throws Exception {
        long t = System.currentTimeMillis() / 1000;
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return send("slack", bytes, Map.of("Content-Type", contentType, "X-Slack-Request-Timestamp", Long.toString(t),
                "X-Slack-Signature", SlackSigner.signature(SLACK_SECRET, t, bytes)));
    }

    private HttpResponse<String> send(String source, byte[] body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/in/" + source))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (!headers.containsKey("Content-Type")) b.header("Content-Type", "application/json");
        headers.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String hmacHex(String secret, byte[] content) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(content));
    }
}
