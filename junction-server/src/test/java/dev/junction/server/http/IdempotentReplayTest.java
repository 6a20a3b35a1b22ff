package dev.junction.server.http;

import static dev.junction.server.TestGateways.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.junction.core.model.DeliveryState;
import dev.junction.server.Downstream;
import dev.junction.server.Gateway;
import dev.junction.server.GatewayUnderTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /api/v1/dead-letters/replay} with an Idempotency-Key, end to end: a whole gateway on real sockets. */
class IdempotentReplayTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String KEY = "\"replay-2026-12-01-billing\"";

    @TempDir
    Path dir;

    private Gateway gateway;
    private Downstream downstream;

    @AfterEach
    void stop() {
        if (gateway != null) gateway.close();
        if (downstream != null) downstream.close();
    }

    /** A gateway whose downstream refuses everything for good, so every delivery dies at its first attempt. */
    private int start(String extraYaml) throws Exception {
        downstream = new Downstream().script(n -> Downstream.Reply.status(400));
        gateway = Gateway.start(config(yaml(dir, downstream.url(), 0, "") + extraYaml), Clock.systemUTC(), GatewayUnderTest.ADMIN_ENV);
        return gateway.port();
    }

    private HttpResponse<String> replay(String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/api/v1/dead-letters/replay"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> admin(String idempotencyKey) {
        Map<String, String> h = new HashMap<>(Map.of("Authorization", "Bearer " + ADMIN_KEY));
        if (idempotencyKey != null) h.put("Idempotency-Key", idempotencyKey);
        return h;
    }

    private long dead() {
        return gateway.pipeline().store().stats().deliveries(DeliveryState.DEAD);
    }

    @Test
    void aRetriedReplayAnswersAsTheFirstAndReplaysNothingAgain() throws Exception {
        int port = start("");
        postStripe(port, stripeEvent("evt_1"));
        await().atMost(WAIT).until(() -> dead() == 1);

        // Refused by the key check: nothing is stored, so the key still runs once it is presented properly.
        assertThat(replay("{\"destination\": \"billing\"}", Map.of("Idempotency-Key", KEY)).statusCode()).isEqualTo(401);

        HttpResponse<String> first = replay("{\"destination\": \"billing\"}", admin(KEY));
        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(first.body()).isEqualTo("{\"replayed\":1}");
        assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
        await().atMost(WAIT).until(() -> dead() == 1 && downstream.received().size() == 2);

        HttpResponse<String> retry = replay("{ \"destination\" : \"billing\" }", admin(KEY));
        assertThat(retry.statusCode()).isEqualTo(202);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(dead()).as("the dead letter was not replayed again").isEqualTo(1);

        HttpResponse<String> other = replay("{\"destination\": \"crm\"}", admin(KEY));
        assertThat(other.statusCode()).isEqualTo(422);
        assertThat(other.body()).contains("/problems/idempotency-key-reused");
        assertThat(downstream.received()).hasSize(2);
    }

    @Test
    void aGatewayThatRequiresKeysRefusesAReplayWithoutOne() throws Exception {
        start("outbound: { require-idempotency-key: true }\n");
        HttpResponse<String> refused = replay("{}", admin(null));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("/problems/idempotency-key-missing");
        assertThat(replay("{}", admin(KEY)).statusCode()).isEqualTo(202);
    }
}
