package dev.junction.server.poll;

import static dev.junction.server.TestGateways.STRIPE_SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.junction.server.Downstream;
import dev.junction.server.Gateway;
import dev.junction.server.TestGateways;
import dev.junction.server.config.ConfigLoader;
import dev.junction.store.PageRequest;
import dev.junction.store.PollRecord;
import dev.junction.store.TestDatabases;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One poller per source across a cluster: three gateways on one PostgreSQL schema poll one source every second
 * against one API that counts concurrent requests. Never two at once; when the holder stops, another node polls.
 */
class PollClusterTest {

    private static final Duration LEASE = Duration.ofSeconds(2);

    @Test
    void threeNodesPollASourceOneAtATimeAndAnotherTakesOverWhenTheHolderStops() throws Exception {
        String url = TestDatabases.freshPostgresSchema();
        try (ItemsApi api = new ItemsApi(); Downstream downstream = new Downstream()) {
            api.delayMillis = 100;
            api.put("a", "{\"id\":\"a\",\"n\":0}");
            String yaml = """
                    server: { host: 127.0.0.1, port: 0 }
                    store: { url: "%s" }
                    sources:
                      crm:
                        poll: { url: "%s", every: 1s, items: /data, id: /id, timeout: 1s }
                    destinations:
                      crm-sync: { url: "%s" }
                    routes:
                      - from: crm
                        to: [crm-sync]
                    delivery: { lease: %ds }
                    """.formatted(url, api.url(), downstream.url(), LEASE.toSeconds());
            List<Gateway> nodes = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                nodes.add(TestGateways.start(ConfigLoader.parse(yaml, "cluster.yaml", Map.of("STRIPE_WEBHOOK_SECRET", STRIPE_SECRET))));
            }
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> polls(nodes.get(0)).size() >= 4);
                String holder = nodes.get(0).pipeline().store().pollLease("crm").orElseThrow().getKey();
                Gateway holding = nodes.stream().filter(g -> g.pipeline().poller().node().equals(holder)).findFirst().orElseThrow();
                assertThat(polls(holding)).extracting(PollRecord::node).as("the holder polled alone").containsOnly(holder);

                holding.close();
                nodes.remove(holding);
                api.put("b", "{\"id\":\"b\",\"n\":1}");

                await().atMost(LEASE.multipliedBy(5)).until(() -> polls(nodes.get(0)).stream().anyMatch(p -> !p.node().equals(holder)));
                await().atMost(Duration.ofSeconds(20)).until(() -> downstream.succeeded().size() == 2);
                assertThat(api.maxInFlight()).as("never two polls of one source at once").isEqualTo(1);
                assertThat(downstream.succeeded()).as("each item created once").hasSize(2);
            } finally {
                for (Gateway g : nodes) g.close();
            }
        }
    }

    private static List<PollRecord> polls(Gateway g) {
        return g.pipeline().store().polls("crm", PageRequest.newestFirst(null, 500));
    }
}
