package dev.junction.server.http;

import static dev.junction.server.TestGateways.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.core.model.DeliveryState;
import dev.junction.server.Downstream;
import dev.junction.server.Downstream.Reply;
import dev.junction.server.Gateway;
import dev.junction.store.DeliveryFilter;
import dev.junction.store.DeliveryView;
import dev.junction.store.PageRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a source or destination removed from the config leaves in the store, through the admin API. A destination renamed in the config (ledger to ledger2) left its dead letters replayable only to the old name, which
 * no node sends to; the CLI gained --to, and the admin API's replay by filter takes the same "to": they go to the
 * new name, each with its id and its message (so its webhook-id, which the receiver dedupes on).
 */
class RemovedFromConfigHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private String yamlOf(String destination, String url) {
        return stripeGateway(dir) + """
                destinations:
                  %s: { url: "%s", retry: { max-attempts: 1 } }
                routes:
                  - { from: stripe, to: [%s] }
                delivery: { workers: 4, poll-interval: 100ms, lease: 4s }
                """.formatted(destination, url, destination);
    }

    @Test
    void aRemovedDestinationsDeadLettersGoToTheConfiguredOneNamedByTo() throws Exception {
        List<String> dead;
        try (Downstream refusing = new Downstream().script(n -> Reply.status(422));
             Gateway before = start(config(yamlOf("ledger", refusing.url())))) {
            for (int i = 0; i < 2; i++) assertThat(postStripe(before.port(), stripeEvent("evt_renamed_" + i)).statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(20)).until(() -> deadOf(before, "ledger").size() == 2);
            dead = deadOf(before, "ledger").stream().map(DeliveryView::messageId).toList();
        }
        try (Downstream receiver = new Downstream(); Gateway after = start(config(yamlOf("ledger2", receiver.url())))) {
            int port = after.port();
            assertProblem(postJson(port, "/api/v1/dead-letters/replay", "{\"to\":\"ledger2\"}"), "to needs destination");
            assertProblem(postJson(port, "/api/v1/dead-letters/replay", "{\"destination\":\"ledger\",\"to\":\"ledgr2\"}"),
                    "No destination named 'ledgr2' is configured");

            HttpResponse<String> replayed = postJson(port, "/api/v1/dead-letters/replay", "{\"destination\":\"ledger\",\"to\":\"ledger2\"}");
            assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(202);
            assertThat(JSON.readTree(replayed.body()).get("replayed").asInt()).isEqualTo(2);
            assertThat(JSON.readTree(replayed.body()).get("already_at_destination").asInt()).isZero();
            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.succeeded().size() == 2);
            assertThat(receiver.succeeded()).extracting(r -> r.header("webhook-id")).containsExactlyInAnyOrderElementsOf(dead);
            assertThat(deadOf(after, "ledger")).isEmpty();
        }
    }

    @Test
    void aPauseLeftByASourceSinceRemovedCanBeResumedAndATypoStillCannot() throws Exception {
        // Before: 404 no-such-source, so the pause held the deliveries of the removed source's messages for good.
        try (Downstream receiver = new Downstream(); Gateway gateway = start(config(yamlOf("billing", receiver.url())))) {
            gateway.pipeline().store().pause(dev.junction.store.Pause.Kind.SOURCE, "legacy", "before its removal", java.time.Instant.now());
            assertThat(postEmpty(gateway.port(), "/api/v1/sources/legacy/resume").statusCode()).isEqualTo(200);
            assertThat(gateway.pipeline().store().pauses()).isEmpty();
            assertThat(postEmpty(gateway.port(), "/api/v1/sources/legacy/resume").statusCode()).isEqualTo(404);
            assertThat(postEmpty(gateway.port(), "/api/v1/sources/legacy/pause").statusCode()).isEqualTo(404);
        }
    }

    private static List<DeliveryView> deadOf(Gateway gateway, String destination) {
        return gateway.pipeline().store().deliveries(DeliveryFilter.ALL.destination(destination).state(DeliveryState.DEAD),
                PageRequest.newestFirst(null, 10));
    }

    private static void assertProblem(HttpResponse<String> r, String detail) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).get("detail").asText()).contains(detail);
    }
}
