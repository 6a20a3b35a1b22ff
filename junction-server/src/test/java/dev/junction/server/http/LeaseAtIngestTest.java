package dev.junction.server.http;

import dev.junction.store.TestQueue;
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
        return start(downstreamUrl, workers, routeOptions, "");
    }

    private int start(String downstreamUrl, int workers, String routeOptions, String destinationOptions) {
        return start(downstreamUrl, workers, routeOptions, destinationOptions, "");
    }

    private int start(String downstreamUrl, int workers, String routeOptions, String destinationOptions, String deliveryOptions) {
        gateway = Gateway.start(config("""
                server: { host: 127.0.0.1, port: 0 }
                store: { url: "sqlite:%s/junction.db" }
                sources:
                  stripe:
                    verify: { scheme: stripe, secrets: ["${STRIPE_WEBHOOK_SECRET}"] }
                destinations:
                  billing: { url: "%s", timeout: 5s, retry: { initial-delay: 50ms, max-delay: 200ms } %s }
                routes:
                  - { from: stripe, to: [billing] %s }
                delivery: { workers: %d, poll-interval: 200ms %s }
                """.formatted(dir, downstreamUrl, destinationOptions, routeOptions, workers, deliveryOptions)), Clock.systemUTC());
        return gateway.port();
    }

    /** Waits for the dispatcher's first look at the (empty) queue: only then is it caught up and takes the fast path. */
    private void awaitCaughtUp() throws InterruptedException {
        await().atMost(Duration.ofSeconds(5)).until(() -> TestQueue.nextDueAt(gateway.pipeline().store()).isEmpty());
        Thread.sleep(300);
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
            awaitCaughtUp();
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
    void onceWorkersAndTheLaneAreFullNewEventsQueueInsteadOfOvertaking() throws Exception {
        try (Downstream down = new Downstream().script(n -> new Reply(200, null, 1000))) {
            int port = start(down.url(), 2, "");
            awaitCaughtUp();
            // Two workers, so the lane holds two: the first four events are leased at ingest (two sent at
            // once, two waiting on this node); the last two find no room and queue for a claim.
            for (int i = 0; i < 6; i++) send(port, stripeEvent("evt_" + i));
            await().atMost(Duration.ofSeconds(15)).until(() -> down.succeeded().size() == 6);
            assertThat(counters().leasedAtIngest()).isEqualTo(4);
            assertThat(counters().claimed()).isEqualTo(2);
        }
    }

    @Test
    void whileTheDestinationIsBusyNewEventsWaitOnThisNodeAndGoWithoutAClaim() throws Exception {
        try (Downstream down = new Downstream().script(n -> new Reply(200, null, 300))) {
            int port = start(down.url(), 8, "", ", max-concurrent: 1");
            awaitCaughtUp();
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 2; i++) sent.add(send(port, stripeEvent("evt_" + i)));
            await().atMost(Duration.ofSeconds(10)).until(() -> down.succeeded().size() == 2);
            // One call at a time: the second waited in the lane (which holds a bulkhead's worth), leased, and went as the first finished.
            assertThat(counters().leasedAtIngest()).isEqualTo(2);
            assertThat(counters().claimed()).isZero();
            assertThat(down.succeeded()).extracting(r -> r.header("webhook-id")).containsExactlyElementsOf(sent);
        }
    }

    @Test
    void deliveriesWaitingInTheLaneKeepTheirLeaseAndAreSentOnce() throws Exception {
        try (Downstream down = new Downstream().script(n -> new Reply(200, null, 1500))) {
            int port = start(down.url(), 8, "", ", max-concurrent: 1", ", lease: 1s");
            awaitCaughtUp();
            for (int i = 0; i < 3; i++) send(port, stripeEvent("evt_" + i));
            // The second waits 1.5 s in the lane, longer than its 1 s lease: unrenewed, it would be claimed and sent twice.
            await().atMost(Duration.ofSeconds(15)).until(() -> down.succeeded().size() == 3);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> down.arrived() == 3);
            assertThat(down.received()).extracting(r -> r.header("webhook-id")).doesNotHaveDuplicates();
        }
    }

    @Test
    void whileItsOnlyDestinationIsPausedTheNodeRunsNoClaims() throws Exception {
        try (Downstream down = new Downstream()) {
            int port = start(down.url(), 8, "");
            var store = gateway.pipeline().store();
            store.pause(dev.junction.store.Pause.Kind.DESTINATION, "billing", "test", java.time.Instant.now());
            Thread.sleep(1_500); // the dispatcher reads pauses at most once a second
            long claimsBefore = counters().claims();
            for (int i = 0; i < 30; i++) send(port, stripeEvent("evt_" + i));
            // Every new event wakes the dispatcher; a claim would only rescan the held backlog and find nothing.
            Thread.sleep(500);
            assertThat(counters().claims() - claimsBefore).isZero();
            assertThat(down.received()).isEmpty();
            store.resume(dev.junction.store.Pause.Kind.DESTINATION, "billing");
            await().atMost(Duration.ofSeconds(10)).until(() -> down.succeeded().size() == 30);
        }
    }

    @Test
    void aPauseReachesDeliveriesWaitingInTheLane() throws Exception {
        try (Downstream down = new Downstream().script(n -> new Reply(200, null, 2500))) {
            int port = start(down.url(), 8, "", ", max-concurrent: 1");
            awaitCaughtUp();
            send(port, stripeEvent("evt_a"));
            String waiting = send(port, stripeEvent("evt_b"));
            await().atMost(Duration.ofSeconds(5)).until(() -> down.arrived() == 1);
            var store = gateway.pipeline().store();
            store.pause(dev.junction.store.Pause.Kind.DESTINATION, "billing", "test", java.time.Instant.now());
            // The first call ends 2.5 s after it began; the dispatcher has read the pause by then, so the
            // waiting delivery goes back to the queue instead of out.
            await().atMost(Duration.ofSeconds(6)).until(() -> store.deliveriesOf(waiting).get(0).state() == dev.junction.core.model.DeliveryState.PENDING);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> down.arrived() == 1);
            assertThat(store.deliveriesOf(waiting).get(0).attempts()).isZero();
            store.resume(dev.junction.store.Pause.Kind.DESTINATION, "billing");
            await().atMost(Duration.ofSeconds(10)).until(() -> down.succeeded().size() == 2);
        }
    }

    @Test
    void closingGivesWaitingDeliveriesBackToTheQueue() throws Exception {
        try (Downstream down = new Downstream().script(n -> new Reply(200, null, 1500))) {
            int port = start(down.url(), 8, "", ", max-concurrent: 1");
            awaitCaughtUp();
            String first = send(port, stripeEvent("evt_a"));
            String waiting = send(port, stripeEvent("evt_b"));
            await().atMost(Duration.ofSeconds(5)).until(() -> down.arrived() == 1);
            var store = gateway.pipeline().store();
            assertThat(store.deliveriesOf(waiting).get(0).state()).as("leased at ingest, waiting in the lane")
                    .isEqualTo(dev.junction.core.model.DeliveryState.IN_FLIGHT);
            gateway.close();
            gateway = null;
            // Not after its lease (timeout + 30 s): at once, for the next start or another node.
            try (var reopened = dev.junction.store.jdbc.Stores.open("sqlite:" + dir + "/junction.db", null, null)) {
                var view = reopened.deliveriesOf(waiting).get(0);
                assertThat(view.state()).isEqualTo(dev.junction.core.model.DeliveryState.PENDING);
                assertThat(view.attempts()).isZero();
                assertThat(reopened.deliveriesOf(first).get(0).state()).isEqualTo(dev.junction.core.model.DeliveryState.SUCCEEDED);
            }
        }
    }
}
