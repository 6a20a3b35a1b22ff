package dev.junction.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.junction.server.Downstream.Reply;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durability is a contract: a gateway under load is killed with SIGKILL and restarted on the same data
 * directory; every event it answered 202 must still reach the downstream.
 */
class RestartSafetyTest {

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedEventIsDeliveredAcrossASigkill() throws Exception {
        try (Downstream downstream = new Downstream().script(n -> n == 1 && Math.random() < 0.15 ? Reply.status(500) : new Reply(200, null, 20))) {
            int port = GatewayProcess.freePort();
            Path config = dir.resolve("junction.yaml");
            Files.writeString(config, TestGateways.yaml(dir.resolve("data"), downstream.url(), port, ""));
            Map<String, String> env = Map.of("STRIPE_WEBHOOK_SECRET", TestGateways.STRIPE_SECRET);
            Path log = dir.resolve("gateway.log");

            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            AtomicInteger refused = new AtomicInteger();
            AtomicBoolean sending = new AtomicBoolean(true);
            AtomicInteger next = new AtomicInteger();
            List<Thread> senders = new ArrayList<>();

            GatewayProcess gateway = new GatewayProcess(config, log, env, port).start();
            for (int t = 0; t < 4; t++) {
                senders.add(Thread.ofVirtual().start(() -> {
                    while (sending.get()) {
                        String payload = TestGateways.stripeEvent("evt_restart_" + next.incrementAndGet());
                        try {
                            HttpResponse<String> r = TestGateways.postStripe(port, payload);
                            if (r.statusCode() == 202) acknowledged.add(r.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1"));
                        } catch (Exception e) {
                            refused.incrementAndGet(); // the gateway is down: nothing was acknowledged
                            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000); // pace retries, as a sender would
                        }
                    }
                }));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 200);
            gateway.kill();
            int acknowledgedBeforeKill = acknowledged.size();
            int deliveredBeforeKill = new HashSet<>(ids(downstream)).size();

            gateway = new GatewayProcess(config, log, env, port).start();
            await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= acknowledgedBeforeKill + 100);
            sending.set(false);
            for (Thread t : senders) t.join();

            try (GatewayProcess restarted = gateway) {
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                        .until(() -> new HashSet<>(ids(downstream)).containsAll(acknowledged));
            }
            Set<String> missing = new HashSet<>(acknowledged);
            missing.removeAll(ids(downstream));
            assertThat(missing).as("acknowledged but never delivered").isEmpty();
            List<String> delivered = ids(downstream);
            System.out.printf("restart safety: %d acknowledged (%d before SIGKILL, of which %d delivered before it), %d delivered, "
                            + "%d delivered twice, %d sends refused while down%n",
                    acknowledged.size(), acknowledgedBeforeKill, deliveredBeforeKill, new HashSet<>(delivered).size(),
                    delivered.size() - new HashSet<>(delivered).size(), refused.get());
        }
    }

    private static List<String> ids(Downstream downstream) {
        return downstream.succeeded().stream().map(r -> r.header("webhook-id")).toList();
    }
}
