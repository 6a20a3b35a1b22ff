package dev.junction.server.outbound;

import static dev.junction.server.TestGateways.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.standardwebhooks.Webhook;
import dev.junction.server.Downstream;
import dev.junction.server.Gateway;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fan-out at its edges: an application with no endpoint, and one with fifty, one of them disabled. */
class FanOutHttpTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private String yaml() {
        return """
                server: { host: 127.0.0.1, port: 0 }
                store: { url: "sqlite:%s/junction.db" }
                delivery: { workers: 16, poll-interval: 200ms, lease: 4s }
                outbound: { allow-networks: ["127.0.0.0/8"] }
                """.formatted(dir);
    }

    @Test
    void aMessageForAnApplicationWithoutEndpointsIsStoredWithNoDeliveries() throws Exception {
        try (Gateway gateway = start(config(yaml()))) {
            AdminHttp admin = new AdminHttp(gateway.port());
            admin.call("POST", "/api/v1/apps", "{\"uid\":\"lonely\"}", 201);

            String id = admin.publish("lonely", "{\"event_type\":\"invoice.paid\",\"payload\":{\"n\":1}}");

            JsonNode message = admin.call("GET", "/api/v1/apps/lonely/messages/" + id, null, 200);
            assertThat(message.get("eventType").asText()).isEqualTo("invoice.paid");
            assertThat(message.get("deliveries")).isEmpty();
            assertThat(gateway.pipeline().store().pendingCount()).isZero();
            assertThat(admin.call("GET", "/api/v1/apps/lonely/messages", null, 200).get("items")).hasSize(1);
        }
    }

    @Test
    void fiftyEndpointsEachGetEveryMessageOnceSignedWithTheirOwnSecretAndADisabledOneGetsNothing() throws Exception {
        List<Downstream> receivers = new ArrayList<>();
        try (Gateway gateway = start(config(yaml()))) {
            AdminHttp admin = new AdminHttp(gateway.port());
            admin.call("POST", "/api/v1/apps", "{\"uid\":\"busy\"}", 201);
            List<String> secrets = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                Downstream r = new Downstream();
                receivers.add(r);
                String id = admin.endpoint("busy", "{\"url\":\"" + r.url() + "\",\"disabled\":" + (i == 7) + "}");
                secrets.add(admin.secret("busy", id));
            }
            Set<String> published = new HashSet<>();
            for (int n = 0; n < 3; n++) published.add(admin.publish("busy", "{\"event_type\":\"invoice.paid\",\"payload\":{\"n\":" + n + "}}"));

            await().atMost(WAIT).until(() -> receivers.stream().mapToInt(r -> r.received().size()).sum() == 49 * 3);
            for (int i = 0; i < 50; i++) {
                Downstream r = receivers.get(i);
                if (i == 7) {
                    assertThat(r.received()).as("the disabled endpoint").isEmpty();
                    continue;
                }
                Set<String> ids = new HashSet<>();
                for (Downstream.Received got : r.received()) {
                    String secret = secrets.get(i);
                    assertThatCode(() -> new Webhook(secret).verify(got.bodyText(), got.headers())).doesNotThrowAnyException();
                    ids.add(got.header("webhook-id"));
                }
                assertThat(ids).as("receiver " + i + ": every message once").isEqualTo(published);
            }
            for (String id : published) {
                assertThat(admin.call("GET", "/api/v1/apps/busy/messages/" + id, null, 200).get("deliveries")).hasSize(49);
            }
        } finally {
            receivers.forEach(Downstream::close);
        }
    }
}
