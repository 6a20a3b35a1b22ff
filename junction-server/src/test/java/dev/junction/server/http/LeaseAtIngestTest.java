package dev.junction.server.http;

import static dev.junction.server.TestGateways.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.engine.deliver.DeliveryCounters;
import dev.junction.server.Downstream;
import dev.junction.server.Downstream.Reply;
import dev.junction.server.Gateway;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fast path (ADR 0007): a caught-up node leases a new event's deliveries in the transaction that
 * stores it and sends them without a claim; keyed deliveries and a backlog go through the queue.
 */
class LeaseAtIngestTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Gateway gateway;

    @AfterEach
    void stop() {
        if (gateway != null) gateway.close();
    }

    private int start(String downstreamUrl, int workers, String routeOptions) {
        gateway = Gateway.start(config("""
                server: { host: 127.0.0.1, port: 0 }
                store: { url: "sqlite:%s/junction.db" }
                sources:
                  stripe:
                    verify: { scheme: stripe, secrets: ["${STRIPE_WEBHOOK_SECRET}"] }
                destinations:
                  billing: { url: "%s", timeout: 5s, retry: { initial-delay: 50ms, max-delay: 200ms } }
                routes:
                  - { from: stripe, to: [billing] %s }
                delivery: { workers: %d, poll-interval: 200ms }
                """.formatted(dir, downstreamUrl, routeOptions, workers)), Clock.systemUTC());
        return gateway.port();
    }

    private DeliveryCounters counters() {
        return gateway.pipeline().dispatcher().counters();
    }

    private static String send(int port, String payload) throws Exception {
        var response = postStripe(port, payload);
        assertThat(response.statusCode()).isEqualTo(202);
        return JSON.readTree(response.body()).get("id").asText();
    }

    @Test
    void eventsArrivingWhileTheNodeIsCaughtUpAreSentWithoutAClaim() throws Exception {
        try (Downstream down = new Downstream()) {
            int port = start(down.url(), 8, "");
            // Let the dispatcher's first look at the (empty) queue happen: only then is it caught up.
            await().atMost(Duration.ofSeconds(5)).until(() -> gateway.pipeline().store().nextDueAt().isEmpty());
            Thread.sleep(300);
            for (int i = 0; i < 20; i++) {
                String id = send(port, stripeEvent("evt_" + i));
                int expected = i + 1;
                await().atMost(Duration.ofSeconds(5)).until(() -> down.succeeded().size() == expected);
                assertThat(down.succeeded().get(i).header("webhook-id")).isEqualTo(id);
            }
            assertThat(counters().leasedAtIngest()).isEqualTo(20);
            assertThat(counters().claimed()).isZero();
            await().atMost(Duration.ofSeconds(5)).until(() -> counters().delivered() == 20);
            assertThat(gateway.pipeline().store().stats().deliveries(dev.junction.core.model.DeliveryState.SUCCEEDED)).isEqualTo(20);
        }
    }

    @Test
    void keyedDeliveriesAlwaysWaitTheirTurnInTheQueue() throws Exception {
        try (Downstream down = new Downstream()) {
            int port = start(down.url(), 8, ", ordering-key: { json-pointer: /data/object/customer }");
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                sent.add(send(port, "{\"id\":\"evt_%d\",\"data\":{\"object\":{\"customer\":\"cus_1\"}}}".formatted(i)));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> down.succeeded().size() == 5);
            assertThat(down.succeeded()).extracting(r -> r.header("webhook-id")).containsExactlyElementsOf(sent);
            assertThat(counters().leasedAtIngest()).isZero();
            assertThat(counters().claimed()).isEqualTo(5);
        }
    }

    @Test
    void onceWorkersAreBusyNewEventsQueueInsteadOfOvertaking() throws Exception {
        try (Downstream down = new Downstream().script(n -> new Reply(200, null, 1000))) {
            int port = start(down.url(), 2, "");
            await().atMost(Duration.ofSeconds(5)).until(() -> gateway.pipeline().store().nextDueAt().isEmpty());
            Thread.sleep(300);
            // Two workers: the first two events take them at ingest; the other four find none and queue.
            for (int i = 0; i < 6; i++) send(port, stripeEvent("evt_" + i));
            await().atMost(Duration.ofSeconds(15)).until(() -> down.succeeded().size() == 6);
            assertThat(counters().leasedAtIngest()).isEqualTo(2);
            assertThat(counters().claimed()).isEqualTo(4);
        }
    }
}
