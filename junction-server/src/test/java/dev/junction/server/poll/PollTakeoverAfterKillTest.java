package dev.junction.server.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.server.Downstream;
import dev.junction.server.GatewayProcess;
import dev.junction.server.TestGateways;
import dev.junction.store.TestDatabases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * A polling node that dies (SIGKILL: no shutdown, its lease is not released) hands its source over: three
 * gateway processes on one PostgreSQL schema poll one source; the holder is killed; another node polls once the
 * dead node's lease has run out, never two at once, and each item reaches the downstream once. The test reads the
 * poll records through a living node's admin API: its own connections would count against PostgreSQL's limit.
 */
class PollTakeoverAfterKillTest {

    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A poll record as the admin API lists it. */
    private record Poll(String node, Instant startedAt) {}

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void whenThePollingNodeIsKilledAnotherTakesTheSourceOverOnceItsLeaseRunsOut() throws Exception {
        String url = TestDatabases.freshPostgresSchema();
        List<GatewayProcess> nodes = new ArrayList<>();
        try (ItemsApi api = new ItemsApi(); Downstream downstream = new Downstream()) {
            api.delayMillis = 100;
            api.put("a", "{\"id\":\"a\",\"n\":0}");
            for (int i = 0; i < 3; i++) {
                int port = GatewayProcess.freePort();
                Path config = dir.resolve("node-" + i + ".yaml");
                Files.writeString(config, """
                        server: { host: 127.0.0.1, port: %d }
                        store: { url: "%s" }
                        sources:
                          crm:
                            poll: { url: "%s", every: 1s, items: /data, id: /id, timeout: 1s }
                        destinations:
                          crm-sync: { url: "%s" }
                        routes:
                          - { from: crm, to: [crm-sync] }
                        delivery: { lease: %ds }
                        """.formatted(port, url, api.url(), downstream.url(), LEASE.toSeconds()));
                nodes.add(new GatewayProcess(config, dir.resolve("node-" + i + ".log"), Map.of("JUNCTION_ADMIN_KEY", TestGateways.ADMIN_KEY), port)
                        .start());
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> polls(nodes.get(0)).size() >= 3);
            String holder = polls(nodes.get(0)).get(0).node(); // the newest poll's node holds the lease
            GatewayProcess holding = nodes.stream().filter(n -> holder.contains("-" + n.pid() + "-")).findFirst().orElseThrow();
            GatewayProcess living = nodes.stream().filter(n -> n != holding).findFirst().orElseThrow();

            holding.kill();
            Instant killed = Instant.now();
            api.put("b", "{\"id\":\"b\",\"n\":1}");

            await().atMost(LEASE.multipliedBy(10)).until(() -> polls(living).stream()
                    .anyMatch(p -> !p.node().equals(holder) && p.startedAt().isAfter(killed)));
            Instant takenOver = polls(living).stream().filter(p -> !p.node().equals(holder) && p.startedAt().isAfter(killed))
                    .map(Poll::startedAt).min(Instant::compareTo).orElseThrow();
            System.out.printf("PollTakeoverAfterKillTest: another node polled %d ms after the kill (lease %d s, every 1 s)%n",
                    Duration.between(killed, takenOver).toMillis(), LEASE.toSeconds());
            await().atMost(Duration.ofSeconds(30)).until(() -> downstream.succeeded().size() == 2);
            assertThat(api.maxInFlight()).as("never two polls of one source at once").isEqualTo(1);
            assertThat(downstream.succeeded()).as("each item created once").hasSize(2);
        } finally {
            for (GatewayProcess n : nodes) n.close();
        }
    }

    /** The source's poll records, newest first, through a node's admin API. */
    private static List<Poll> polls(GatewayProcess node) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + "/api/v1/sources/crm/polls?limit=500"))
                .header("Authorization", "Bearer " + TestGateways.ADMIN_KEY).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<Poll> polls = new ArrayList<>();
        for (JsonNode p : JSON.readTree(r.body()).get("items")) polls.add(new Poll(p.get("node").asText(), Instant.parse(p.get("startedAt").asText())));
        return polls;
    }
}
