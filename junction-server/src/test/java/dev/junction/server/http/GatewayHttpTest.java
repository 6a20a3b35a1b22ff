package dev.junction.server.http;

import static dev.junction.server.TestGateways.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.core.config.VerifySpec;
import dev.junction.core.model.DeliveryState;
import dev.junction.core.retry.OutcomeClass;
import dev.junction.core.verify.SignatureSchemes;
import dev.junction.core.verify.WebhookRequest;
import dev.junction.server.Downstream;
import dev.junction.server.Downstream.Reply;
import dev.junction.server.Gateway;
import dev.junction.server.GatewayUnderTest;
import dev.junction.store.AttemptRecord;
import dev.junction.store.DeliveryView;
import dev.junction.store.Store;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The walking skeleton over real sockets: Stripe-signed webhooks in, stored, delivered, retried, dead-lettered. */
class GatewayHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private GatewayUnderTest running;
    private Downstream downstream;
    private Gateway gateway;

    private int start(java.util.function.Function<Integer, Reply> script) throws Exception {
        running = GatewayUnderTest.start(dir, GatewayUnderTest.ADMIN_ENV, script);
        downstream = running.downstream();
        gateway = running.gateway();
        return gateway.port();
    }

    @AfterEach
    void stop() {
        if (running != null) running.close();
    }

    private Store store() {
        return gateway.pipeline().store();
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    @Test
    void aSignedEventIsAcceptedStoredAndDeliveredWithStableWebhookHeaders() throws Exception {
        int port = start(n -> Reply.ok());
        String payload = stripeEvent("evt_1");
        HttpResponse<String> r = postStripe(port, payload);

        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(json(r).get("status").asText()).isEqualTo("accepted");
        String id = json(r).get("id").asText();
        assertThat(r.headers().firstValue("Trace-Id")).isPresent();
        // 202 means committed: the message is readable from the store the moment the answer arrives.
        assertThat(store().message(id)).isPresent();

        await().atMost(WAIT).until(() -> downstream.succeeded().size() == 1);
        Downstream.Received got = downstream.succeeded().get(0);
        assertThat(got.bodyText()).isEqualTo(payload);
        assertThat(got.header("Content-Type")).isEqualTo("application/json");
        assertThat(got.header("webhook-id")).isEqualTo(id);
        assertThat(got.header("traceparent")).matches("00-" + r.headers().firstValue("Trace-Id").orElseThrow() + "-[0-9a-f]{16}-01");
        WebhookRequest asReceived = new WebhookRequest(got.headers(), got.body());
        assertThat(SignatureSchemes.create(new VerifySpec("standard-webhooks", List.of(DESTINATION_SECRET), null, null))
                .verify(asReceived, Instant.now()).isValid()).as("webhook-signature verifies with the destination secret").isTrue();
        await().atMost(WAIT).until(() -> store().deliveriesOf(id).get(0).state() == DeliveryState.SUCCEEDED);
    }

    @Test
    void anInboundTraceparentIsContinued() throws Exception {
        int port = start(n -> Reply.ok());
        String trace = "4bf92f3577b34da6a3ce929d0e0e4736";
        String payload = stripeEvent("evt_trace");
        HttpResponse<String> r = post(port, "stripe", payload, Map.of("Stripe-Signature", stripeSignature(payload, System.currentTimeMillis() / 1000),
                "traceparent", "00-" + trace + "-00f067aa0ba902b7-01"));
        assertThat(r.headers().firstValue("Trace-Id")).contains(trace);
        await().atMost(WAIT).until(() -> downstream.succeeded().size() == 1);
        assertThat(downstream.succeeded().get(0).header("traceparent")).startsWith("00-" + trace + "-");
    }

    @Test
    void aRepeatedEventIsAnsweredDuplicateWithTheOriginalIdAndDeliveredOnce() throws Exception {
        int port = start(n -> Reply.ok());
        String payload = stripeEvent("evt_dup");
        String first = json(postStripe(port, payload)).get("id").asText();
        HttpResponse<String> again = postStripe(port, payload);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json(again).get("status").asText()).isEqualTo("duplicate");
        assertThat(json(again).get("id").asText()).isEqualTo(first);
        assertThat(store().stats().messages()).isEqualTo(1);
        await().atMost(WAIT).until(() -> downstream.succeeded().size() == 1);
        assertThat(store().stats().deliveries(DeliveryState.SUCCEEDED)).isEqualTo(1);
    }

    @Test
    void rejectedRequestsGetProblemDetailsAndLeaveNothingInTheStore() throws Exception {
        int port = start(n -> Reply.ok());
        String payload = stripeEvent("evt_bad");
        long now = System.currentTimeMillis() / 1000;

        HttpResponse<String> forged = post(port, "stripe", payload, Map.of("Stripe-Signature", "t=" + now + ",v1=" + "ab".repeat(32)));
        assertProblem(forged, 401, "/problems/bad-signature");

        HttpResponse<String> stale = post(port, "stripe", payload, Map.of("Stripe-Signature", stripeSignature(payload, now - 600)));
        assertProblem(stale, 401, "/problems/stale-timestamp");
        // How far off and the tolerance, so a drifted clock is told from a replay (it said only "outside the tolerance window").
        assertThat(json(stale).get("detail").asText()).matches("The signed timestamp is 60[0-9] s before this server's clock; the tolerance is [0-9]+ s either way\\.");

        HttpResponse<String> unsigned = post(port, "stripe", payload, Map.of());
        assertProblem(unsigned, 401, "/problems/missing-signature");
        assertThat(json(unsigned).get("detail").asText()).contains("no Stripe-Signature header");

        HttpResponse<String> unknown = post(port, "nosuch", payload, Map.of());
        assertProblem(unknown, 404, "/problems/unknown-source");

        String big = stripeEvent("evt_big" + "x".repeat(70 * 1024));
        HttpResponse<String> tooLarge = post(port, "stripe", big, Map.of("Stripe-Signature", stripeSignature(big, now)));
        assertProblem(tooLarge, 413, "/problems/too-large");
        // The key to raise, with the source named: it said sources.<name>.max-body.
        assertThat(json(tooLarge).get("detail").asText()).contains("limit of 65536 bytes (sources.stripe.max-body)");
        // Sent chunked, without its length, past the largest source's limit: still this source's answer, counted.
        String huge = stripeEvent("evt_huge" + "x".repeat(1024 * 1024));
        HttpResponse<String> chunked = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + "/in/stripe")).header("Stripe-Signature", stripeSignature(huge, now))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
                        huge.getBytes(java.nio.charset.StandardCharsets.UTF_8)))).build(), HttpResponse.BodyHandlers.ofString());
        assertProblem(chunked, 413, "/problems/too-large");
        assertThat(json(chunked).get("detail").asText()).contains("this source's limit", "(sources.stripe.max-body)");

        assertThat(store().stats().messages()).isZero();
        assertThat(gateway.pipeline().ingestor().rejections().byReason())
                .containsEntry("bad-signature", 1L).containsEntry("stale-timestamp", 1L)
                .containsEntry("missing-signature", 1L).containsEntry("unknown-source", 1L).containsEntry("too-large", 2L);
        // And a valid request afterwards is unaffected.
        assertThat(postStripe(port, stripeEvent("evt_ok")).statusCode()).isEqualTo(202);
    }

    private static void assertProblem(HttpResponse<String> r, int status, String type) throws Exception {
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode p = json(r);
        assertThat(p.get("type").asText()).isEqualTo(type);
        assertThat(p.get("status").asInt()).isEqualTo(status);
        assertThat(p.get("title").asText()).isNotBlank();
        assertThat(p.get("detail").asText()).isNotBlank();
    }

    @Test
    void transientFailuresAreRetriedAndEveryAttemptIsRecorded() throws Exception {
        int port = start(n -> n == 1 ? Reply.status(500) : n == 2 ? new Reply(200, null, 3_000) : Reply.ok());
        String id = json(postStripe(port, stripeEvent("evt_flaky"))).get("id").asText();

        await().atMost(WAIT).until(() -> store().deliveriesOf(id).get(0).state() == DeliveryState.SUCCEEDED);
        DeliveryView delivery = store().deliveriesOf(id).get(0);
        List<AttemptRecord> attempts = store().attempts(delivery.id());
        assertThat(attempts).extracting(AttemptRecord::outcome)
                .containsExactly(OutcomeClass.RETRYABLE, OutcomeClass.RETRYABLE, OutcomeClass.SUCCESS);
        assertThat(attempts.get(0).status()).isEqualTo(500);
        assertThat(attempts.get(0).responseExcerpt()).isEqualTo("answer 500");
        assertThat(attempts.get(1).status()).as("the slow answer came after the 1 s timeout").isNull();
        assertThat(attempts.get(1).error()).startsWith("timeout");
        assertThat(attempts.get(2).status()).isEqualTo(200);
        // The same webhook-id on every try, so the receiver can dedupe.
        assertThat(downstream.received()).extracting(r -> r.header("webhook-id")).containsOnly(id);
    }

    @Test
    void retryAfterIsHonoured() throws Exception {
        int port = start(n -> n == 1 ? new Reply(429, "1", 0) : Reply.ok());
        String id = json(postStripe(port, stripeEvent("evt_429"))).get("id").asText();
        await().atMost(WAIT).until(() -> store().deliveriesOf(id).get(0).state() == DeliveryState.SUCCEEDED);
        List<AttemptRecord> attempts = store().attempts(store().deliveriesOf(id).get(0).id());
        assertThat(attempts).hasSize(2);
        // initial-delay is 50 ms, so only Retry-After: 1 explains a second attempt a second later.
        Duration gap = Duration.between(attempts.get(0).startedAt().plus(attempts.get(0).duration()), attempts.get(1).startedAt());
        assertThat(gap).isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }

    @Test
    void aPermanentErrorDeadLettersAtOnceAndReplayDeliversWithTheSameWebhookId() throws Exception {
        int port = start(n -> n == 1 ? Reply.status(422) : Reply.ok());
        String id = json(postStripe(port, stripeEvent("evt_perm"))).get("id").asText();
        await().atMost(WAIT).until(() -> store().deliveriesOf(id).get(0).state() == DeliveryState.DEAD);
        DeliveryView dead = store().deliveriesOf(id).get(0);
        assertThat(store().attempts(dead.id())).hasSize(1);

        JsonNode list = json(get(port, "/api/v1/dead-letters"));
        assertThat(list.get("items")).hasSize(1);
        assertThat(list.get("items").get(0).get("id").asText()).isEqualTo(dead.id());
        assertThat(list.get("items").get(0).get("lastError").asText()).contains("422");

        HttpResponse<String> replay = postEmpty(port, "/api/v1/dead-letters/" + dead.id() + "/replay");
        assertThat(replay.statusCode()).isEqualTo(202);
        await().atMost(WAIT).until(() -> store().deliveriesOf(id).get(0).state() == DeliveryState.SUCCEEDED);
        assertThat(downstream.succeeded()).extracting(r -> r.header("webhook-id")).containsExactly(id);
        assertThat(json(get(port, "/api/v1/dead-letters")).get("items")).isEmpty();
        assertThat(postEmpty(port, "/api/v1/dead-letters/" + dead.id() + "/replay").statusCode()).isEqualTo(409);
        assertThat(postEmpty(port, "/api/v1/dead-letters/dlv_nope/replay").statusCode()).isEqualTo(404);
        assertThat(delete(port, "/api/v1/dead-letters/" + dead.id()).statusCode()).as("delivered, so not purgeable").isEqualTo(409);
    }

    @Test
    void aDeadLetterCanBePurged() throws Exception {
        int port = start(n -> Reply.status(400));
        String id = json(postStripe(port, stripeEvent("evt_purge"))).get("id").asText();
        await().atMost(WAIT).until(() -> store().deliveriesOf(id).get(0).state() == DeliveryState.DEAD);
        String deliveryId = store().deliveriesOf(id).get(0).id();
        assertThat(delete(port, "/api/v1/dead-letters/" + deliveryId).statusCode()).isEqualTo(204);
        assertThat(store().delivery(deliveryId)).isEmpty();
        assertThat(delete(port, "/api/v1/dead-letters/" + deliveryId).statusCode()).isEqualTo(404);
    }

    @Test
    void aDeliveryThatKeepsFailingIsDeadAfterMaxAttempts() throws Exception {
        int port = start(n -> Reply.status(503));
        String id = json(postStripe(port, stripeEvent("evt_down"))).get("id").asText();
        await().atMost(WAIT).until(() -> store().deliveriesOf(id).get(0).state() == DeliveryState.DEAD);
        DeliveryView dead = store().deliveriesOf(id).get(0);
        assertThat(store().attempts(dead.id())).hasSize(4).allMatch(a -> a.status() == 503);
        assertThat(dead.lastError()).contains("after 4 attempts");
    }

    @Test
    void prometheusMetricsCountIngestAndAttempts() throws Exception {
        int port = start(n -> n == 1 ? Reply.status(500) : Reply.ok());
        String id = json(postStripe(port, stripeEvent("evt_m"))).get("id").asText();
        postStripe(port, stripeEvent("evt_m"));
        post(port, "stripe", stripeEvent("evt_x"), Map.of());
        await().atMost(WAIT).until(() -> store().deliveriesOf(id).get(0).state() == DeliveryState.SUCCEEDED);
        HttpResponse<String> metrics = get(port, "/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
                .contains("junction_ingest_requests_total{outcome=\"accepted\",source=\"stripe\"} 1.0")
                .contains("junction_ingest_requests_total{outcome=\"duplicate\",source=\"stripe\"} 1.0")
                .contains("junction_ingest_requests_total{outcome=\"missing-signature\",source=\"stripe\"} 1.0")
                .contains("junction_delivery_attempts_total{destination=\"billing\",outcome=\"retryable\",status=\"5xx\"} 1.0")
                .contains("junction_delivery_attempts_total{destination=\"billing\",outcome=\"success\",status=\"2xx\"} 1.0")
                .contains("junction_deliveries{state=\"succeeded\"} 1.0")
                .contains("junction_breaker_state{destination=\"billing\"} 0.0")
                .contains("junction_ingest_latency_seconds_bucket");
    }

    @Test
    void healthAndMessageStoryAreServed() throws Exception {
        int port = start(n -> Reply.ok());
        assertThat(get(port, "/health/live").statusCode()).isEqualTo(200);
        assertThat(get(port, "/health/ready").statusCode()).isEqualTo(200);
        String id = json(postStripe(port, stripeEvent("evt_story"))).get("id").asText();
        await().atMost(WAIT).until(() -> store().deliveriesOf(id).get(0).state() == DeliveryState.SUCCEEDED);
        JsonNode story = json(get(port, "/api/v1/messages/" + id));
        assertThat(story.get("dedupeKey").asText()).isEqualTo("evt_story");
        assertThat(story.get("deliveries").get(0).get("attempts").get(0).get("status").asInt()).isEqualTo(200);
        assertProblem(get(port, "/api/v1/messages/msg_nope"), 404, "/problems/no-such-message");
        assertProblem(get(port, "/nowhere"), 404, "/problems/not-found");
    }

    /** A path that exists, asked with a method it does not take, is a 405 naming the methods it does: not a 404. */
    @Test
    void aWrongMethodOnARealPathIs405WithTheMethodsItTakes() throws Exception {
        int port = start(n -> Reply.ok());
        HttpResponse<String> browser = get(port, "/in/stripe");
        assertProblem(browser, 405, "/problems/method-not-allowed");
        assertThat(browser.headers().firstValue("Allow")).contains("POST");
        assertThat(json(browser).get("detail").asText()).isEqualTo("GET is not allowed on /in/stripe; it takes POST.");

        HttpResponse<String> put = request(port, "PUT", "/api/v1/messages/msg_x", Map.of("Authorization", "Bearer " + ADMIN_KEY));
        assertProblem(put, 405, "/problems/method-not-allowed");
        assertThat(put.headers().firstValue("Allow")).contains("GET, HEAD");
        // The admin API's guard still comes first: no key, no description of the API.
        assertProblem(request(port, "PUT", "/api/v1/messages/msg_x", Map.of()), 401, "/problems/missing-api-key");
        assertProblem(get(port, "/nowhere"), 404, "/problems/not-found");
    }

    @Test
    void aHeadIsAnsweredWithTheStatusAndHeadersTheGetWouldHave() throws Exception {
        int port = start(n -> Reply.ok());
        Map<String, String> admin = Map.of("Authorization", "Bearer " + ADMIN_KEY);
        for (String path : List.of("/health/live", "/health/ready", "/metrics", "/api/v1/sources", "/api/v1/messages/msg_nope", "/api/v1/openapi.json")) {
            HttpResponse<String> head = request(port, "HEAD", path, admin);
            HttpResponse<String> got = request(port, "GET", path, admin);
            assertThat(head.statusCode()).as(path).isEqualTo(got.statusCode());
            assertThat(head.headers().firstValue("Content-Type")).as(path).isEqualTo(got.headers().firstValue("Content-Type"));
            assertThat(head.body()).as(path).isEmpty();
        }
        assertThat(request(port, "HEAD", "/api/v1/messages/msg_nope", admin).statusCode()).isEqualTo(404);
        assertThat(request(port, "HEAD", "/api/v1/sources", Map.of()).statusCode()).isEqualTo(401);
    }
}
