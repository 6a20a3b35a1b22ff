package dev.junction.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.junction.server.config.ConfigLoader;
import dev.junction.store.DeliveryView;
import dev.junction.store.TestDatabases;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A rolling deploy that adds a destination, on one PostgreSQL schema: one gateway still runs the old config
 * (billing only), one the new (billing and ledger, and a route to both). The ledger answers each event's first try
 * with 503, so every ledger delivery goes back to the queue, where either node could claim it. The old node must
 * leave them to the new one: every event reaches the ledger, none is dead-lettered as "not configured". (Breakers
 * off: half of the ledger's answers are 503s on purpose.)
 */
class RollingDeployTest {

    private static final int EVENTS = 60;

    @Test
    void theNodeWithTheOldConfigLeavesTheNewDestinationsWorkToTheNodeThatHasIt() throws Exception {
        TestDatabases.requirePostgres();
        String store = TestDatabases.freshPostgresSchema();
        try (Downstream billing = new Downstream();
             Downstream ledger = new Downstream().script(n -> n == 1 ? Downstream.Reply.status(503) : Downstream.Reply.ok());
             Gateway old = start(yaml(store, billing, null));
             Gateway upgraded = start(yaml(store, billing, ledger))) {
            Set<String> acknowledged = new HashSet<>();
            for (int i = 1; i <= EVENTS; i++) {
                HttpResponse<String> r = TestGateways.postStripe(upgraded.port(), TestGateways.stripeEvent("evt_roll_" + i));
                assertThat(r.statusCode()).isEqualTo(202);
                acknowledged.add(r.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1"));
            }

            await().atMost(Duration.ofSeconds(60)).until(() -> webhookIds(ledger.succeeded()).size() == EVENTS);
            assertThat(webhookIds(ledger.succeeded())).containsExactlyInAnyOrderElementsOf(acknowledged);
            List<DeliveryView> dead = upgraded.pipeline().store().deadLetters(Optional.empty(), Optional.empty(), 100);
            assertThat(dead).as("dead letters").isEmpty();
        }
    }

    private static Set<String> webhookIds(List<Downstream.Received> received) {
        Set<String> ids = new HashSet<>();
        for (Downstream.Received r : received) ids.add(r.header("webhook-id"));
        return ids;
    }

    private static Gateway start(String yaml) {
        return TestGateways.start(ConfigLoader.parse(yaml, "rolling.yaml", Map.of("STRIPE_WEBHOOK_SECRET", TestGateways.STRIPE_SECRET)));
    }

    private static String yaml(String store, Downstream billing, Downstream ledger) {
        String retry = "retry: { max-attempts: 5, initial-delay: 50ms, max-delay: 200ms }, breaker: off";
        return """
                server: { host: 127.0.0.1, port: 0 }
                store: { url: "%s" }
                sources:
                  stripe:
                    verify: { scheme: stripe, secrets: ["${STRIPE_WEBHOOK_SECRET}"], tolerance: 5m }
                destinations:
                  billing: { url: "%s", %s }
                %s
                routes:
                  - from: stripe
                    to: [%s]
                delivery: { workers: 8, poll-interval: 200ms }
                """.formatted(store, billing.url(), retry,
                ledger == null ? "" : "  ledger: { url: \"" + ledger.url() + "\", " + retry + " }",
                ledger == null ? "billing" : "billing, ledger");
    }
}
