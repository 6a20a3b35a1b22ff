package dev.junction.server.http;

import static dev.junction.server.TestGateways.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.core.model.DeliveryState;
import dev.junction.server.Downstream;
import dev.junction.server.Downstream.Reply;
import dev.junction.server.Gateway;
import dev.junction.server.TestGateways;
import dev.junction.store.DeliveryView;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One failing or slow destination must not hurt the others; kill switches hold work without losing it. */
class DeliveryUnderStressTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Gateway gateway;

    @AfterEach
    void stop() {
        if (gateway != null) gateway.close();
    }

    private int start(String destinations, String to) {
        return start(destinations, to, "");
    }

    private String lease = "";
    private String alerts = "";
    private String sourceOptions = "";

    private int start(String destinations, String to, String routeOptions) {
        gateway = TestGateways.start(config("""
                server: { host: 127.0.0.1, port: 0 }
                store: { url: "sqlite:%s/junction.db" }
                sources:
                  stripe:
                    verify: { scheme: stripe, secrets: ["${STRIPE_WEBHOOK_SECRET}"] }
                    %s
                destinations:
                %s
                routes:
                  - { from: stripe, to: [%s] %s }
                delivery: { workers: 8, poll-interval: 100ms %s }
                %s
                """.formatted(dir, sourceOptions, destinations.indent(2).stripTrailing(), to, routeOptions, lease, alerts)));
        return gateway.port();
    }

    private static String send(int port, String eventId) throws Exception {
        return JSON.readTree(postStripe(port, stripeEvent(eventId)).body()).get("id").asText();
    }

    @Test
    void deliveriesOfOneCustomerArriveInOrderOneAtATime() throws Exception {
        java.util.concurrent.atomic.AtomicInteger firstTries = new java.util.concurrent.atomic.AtomicInteger();
        try (Downstream down = new Downstream().script(n -> n == 1 && firstTries.incrementAndGet() == 1 ? Reply.status(500) : new Reply(200, null, 30))) {
            int port = start("""
                    ledger: { url: "%s", retry: { initial-delay: 50ms, max-delay: 200ms } }
                    """.formatted(down.url()), "ledger", ", ordering-key: { json-pointer: /data/object/customer }");
            List<String> sent = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String payload = "{\"id\":\"evt_%d\",\"data\":{\"object\":{\"customer\":\"cus_1\"}}}".formatted(i);
                sent.add(JSON.readTree(postStripe(port, payload).body()).get("id").asText());
            }
            await().atMost(Duration.ofSeconds(15)).until(() -> down.succeeded().size() == 6);
            // The first event failed once; the others waited for it rather than overtaking it.
            assertThat(down.succeeded()).extracting(r -> r.header("webhook-id")).containsExactlyElementsOf(sent);
            assertThat(down.received()).hasSize(7);
            assertThat(down.received().get(0).header("webhook-id")).isEqualTo(sent.get(0));
        }
    }

    @Test
    void aRequestLongerThanTheLeaseIsRenewedNotSentTwice() throws Exception {
        java.util.concurrent.atomic.AtomicInteger arrivals = new java.util.concurrent.atomic.AtomicInteger();
        try (Downstream down = new Downstream().script(n -> {
            arrivals.incrementAndGet(); // counted on arrival, before the slow answer
            return new Reply(200, null, 3_500);
        })) {
            lease = ", lease: 1s";
            int port = start("slow: { url: \"%s\", timeout: 5s }".formatted(down.url()), "slow");
            String id = send(port, "evt_long");
            await().atMost(Duration.ofSeconds(10)).until(() -> down.succeeded().size() == 1);
            // Without renewal the 1 s lease would expire mid-request and the delivery be claimed and sent again.
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> arrivals.get() == 1);
            await().atMost(Duration.ofSeconds(5)).until(() -> gateway.pipeline().store().deliveriesOf(id).get(0).state() == DeliveryState.SUCCEEDED);
            assertThat(gateway.pipeline().store().attempts(gateway.pipeline().store().deliveriesOf(id).get(0).id())).hasSize(1);
        }
    }

    @Test
    void aGoneReceiverDisablesItsDestinationAtOnceAndRaisesAnAlert() throws Exception {
        try (Downstream gone = new Downstream().script(n -> Reply.status(410)); Downstream alertHook = new Downstream()) {
            alerts = "alerts: { url: \"%s\", min-interval: 1h }".formatted(alertHook.url());
            int port = start("crm: { url: \"%s\" }".formatted(gone.url()), "crm");
            send(port, "evt_1");
            await().atMost(Duration.ofSeconds(10)).until(() -> !gateway.pipeline().store().pauses().isEmpty());
            assertThat(gateway.pipeline().store().pauses().get(0).reason()).contains("410 Gone");
            send(port, "evt_2");
            await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3)).until(() -> gone.received().size() == 1);
            await().atMost(Duration.ofSeconds(5)).until(() -> !alertHook.received().isEmpty());
            // One alert message right away (the dead delivery); the disabling follows in the next summary, not a storm.
            assertThat(alertHook.received()).hasSize(1);
            assertThat(alertHook.received().get(0).bodyText()).contains("DELIVERY_DEAD");
        }
    }

    @Test
    void aDestinationFailingForLongerThanDisableAfterIsPaused() throws Exception {
        try (Downstream down = new Downstream().script(n -> Reply.status(503))) {
            int port = start("""
                    crm:
                      url: "%s"
                      retry: { max-attempts: 100, initial-delay: 50ms, max-delay: 100ms }
                      breaker: off
                      disable-after: 1s
                    """.formatted(down.url()), "crm");
            send(port, "evt_1");
            await().atMost(Duration.ofSeconds(10)).until(() -> !gateway.pipeline().store().pauses().isEmpty());
            assertThat(gateway.pipeline().store().pauses().get(0).reason()).contains("disable-after");
            var d = gateway.pipeline().store().stats();
            assertThat(d.deliveries(DeliveryState.DEAD)).as("held, not dropped").isZero();
        }
    }

    @Test
    void aSourceOverItsRateLimitGets429WithRetryAfterAndNothingStored() throws Exception {
        try (Downstream down = new Downstream()) {
            sourceOptions = "rate-limit: 2";
            int port = start("billing: { url: \"%s\" }".formatted(down.url()), "billing");
            int accepted = 0;
            java.net.http.HttpResponse<String> limited = null;
            for (int i = 0; i < 6; i++) {
                var r = postStripe(port, stripeEvent("evt_" + i));
                if (r.statusCode() == 202) accepted++;
                if (r.statusCode() == 429) limited = r;
            }
            assertThat(limited).as("some request was refused").isNotNull();
            assertThat(limited.headers().firstValue("Retry-After")).contains("1");
            assertThat(JSON.readTree(limited.body()).get("type").asText()).isEqualTo("/problems/rate-limited");
            // The key that set the limit, with the source named: it said sources.<name>.rate-limit.
            assertThat(JSON.readTree(limited.body()).get("detail").asText()).contains("(sources.stripe.rate-limit)");
            assertThat(gateway.pipeline().store().stats().messages()).isEqualTo(accepted);
        }
    }

    @Test
    void aBacklogOverTheLimitIsRefusedAtOnceWith503() throws Exception {
        try (Downstream down = new Downstream()) {
            lease = ", max-backlog: 3";
            int port = start("billing: { url: \"%s\" }".formatted(down.url()), "billing");
            postEmpty(port, "/api/v1/destinations/billing/pause"); // nothing drains: the backlog only grows
            java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicReference<java.net.http.HttpResponse<String>> refused = new java.util.concurrent.atomic.AtomicReference<>();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                var r = postStripe(port, stripeEvent("evt_" + n.incrementAndGet()));
                if (r.statusCode() == 503) refused.set(r);
                return refused.get() != null;
            });
            assertThat(refused.get().headers().firstValue("Retry-After")).isPresent();
            assertThat(JSON.readTree(refused.get().body()).get("type").asText()).isEqualTo("/problems/overloaded");
            assertThat(gateway.pipeline().store().pendingCount()).isGreaterThan(3);
            postEmpty(port, "/api/v1/destinations/billing/resume");
            await().atMost(Duration.ofSeconds(10)).until(() -> down.succeeded().size() == gateway.pipeline().store().stats().messages());
        }
    }

    @Test
    void aSlowDestinationDoesNotStarveAFastOne() throws Exception {
        try (Downstream slow = new Downstream().script(n -> new Reply(200, null, 10_000));
             Downstream fast = new Downstream()) {
            int port = start("""
                    slow: { url: "%s", timeout: 15s, max-concurrent: 2 }
                    fast: { url: "%s", timeout: 5s }
                    """.formatted(slow.url(), fast.url()), "slow, fast");
            for (int i = 0; i < 40; i++) send(port, "evt_" + i);
            // Without the bulkhead, the slow destination's 10 s calls would hold all 8 workers and fast would wait.
            await().atMost(Duration.ofSeconds(8)).until(() -> fast.succeeded().size() == 40);
            assertThat(slow.received()).as("slow has answered none yet").isEmpty();
            assertThat(slow.arrived()).as("calls to slow at once: its bulkhead").isEqualTo(2);
            // Leased to this node: the 2 calls and at most a bulkhead's worth waiting in slow's lane (ADR 0009).
            assertThat(gateway.pipeline().store().stats().deliveries(DeliveryState.IN_FLIGHT)).isLessThanOrEqualTo(4);
        }
    }

    @Test
    void anOpenBreakerHoldsDeliveriesWithoutSpendingAttempts() throws Exception {
        try (Downstream down = new Downstream().script(n -> Reply.status(503))) {
            int port = start("""
                    crm:
                      url: "%s"
                      max-concurrent: 1
                      retry: { max-attempts: 8, initial-delay: 50ms, max-delay: 100ms }
                      breaker: { failure-rate: 50, minimum-calls: 4, window: 4, open-for: 1h }
                    """.formatted(down.url()), "crm");
            for (int i = 0; i < 10; i++) send(port, "evt_" + i);
            await().atMost(Duration.ofSeconds(10)).until(() -> gateway.pipeline().dispatcher().breakerStates().get("crm").equals("OPEN"));
            // Held for as long as we watch: no further attempt is made, none dies, none is dropped.
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                    .until(() -> gateway.pipeline().store().stats().attempts() == 4 && down.received().size() == 4);
            var stats = gateway.pipeline().store().stats();
            assertThat(stats.deliveries(DeliveryState.PENDING)).isEqualTo(10);
            assertThat(stats.deliveries(DeliveryState.DEAD)).isZero();
            assertThat(JSON.readTree(get(port, "/api/v1/destinations").body()).get("items").get(0).get("breaker").asText()).isEqualTo("OPEN");
            assertThat(get(port, "/metrics").body()).contains("junction_breaker_transitions_total{destination=\"crm\",to=\"open\"} 1.0")
                    .contains("junction_breaker_state{destination=\"crm\"} 1.0");
        }
    }

    @Test
    void aPausedDestinationHoldsItsDeliveriesUntilResumedOverTheApi() throws Exception {
        try (Downstream down = new Downstream()) {
            int port = start("billing: { url: \"%s\" }".formatted(down.url()), "billing");
            assertThat(postEmpty(port, "/api/v1/destinations/billing/pause").statusCode()).isEqualTo(200);
            List<String> ids = new java.util.ArrayList<>();
            for (int i = 0; i < 5; i++) ids.add(send(port, "evt_" + i));
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> down.received().isEmpty());
            assertThat(ids).allSatisfy(id -> {
                DeliveryView d = gateway.pipeline().store().deliveriesOf(id).get(0);
                assertThat(d.state()).isEqualTo(DeliveryState.PENDING);
                assertThat(d.attempts()).isZero();
            });
            assertThat(JSON.readTree(get(port, "/api/v1/destinations").body()).get("items").get(0).get("paused").asBoolean()).isTrue();

            assertThat(postEmpty(port, "/api/v1/destinations/billing/resume").statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> down.succeeded().size() == 5);
            assertThat(postEmpty(port, "/api/v1/destinations/nosuch/pause").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void aPausedSourceStillAcceptsButHoldsDelivery() throws Exception {
        try (Downstream down = new Downstream()) {
            int port = start("billing: { url: \"%s\" }".formatted(down.url()), "billing");
            assertThat(postEmpty(port, "/api/v1/sources/stripe/pause").statusCode()).isEqualTo(200);
            assertThat(postStripe(port, stripeEvent("evt_held")).statusCode()).as("still acknowledged: nothing is lost at the sender").isEqualTo(202);
            await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3)).until(() -> down.received().isEmpty());
            assertThat(postEmpty(port, "/api/v1/sources/stripe/resume").statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> down.succeeded().size() == 1);
        }
    }
}
