package dev.junction.server.outbound;

import static dev.junction.server.TestGateways.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.core.retry.RetryPolicy;
import dev.junction.server.Downstream;
import dev.junction.server.Gateway;
import dev.junction.store.Pause;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Disabling an endpoint loses nothing: a disabled endpoint is left out of new messages, its waiting
 * deliveries wait, and enabling it sends them. Junction disables one itself on a {@code 410 Gone} or after
 * {@code outbound.disable-after} of failures, and says so through the API and the operational webhook.
 */
class EndpointDisableHttpTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    /** Quick retries, so a test sees several attempts in a second or two. */
    private static final RetryPolicy QUICK = new RetryPolicy(20, Duration.ofMillis(100), Duration.ofMillis(300), 2.0);

    @TempDir
    Path dir;

    private String yaml(String opsUrl, String outboundExtra) {
        return """
                server: { host: 127.0.0.1, port: 0 }
                store: { url: "sqlite:%s/junction.db" }
                destinations:
                  ops: { url: "%s" }
                delivery: { workers: 8, poll-interval: 200ms, lease: 4s }
                outbound: { allow-networks: ["127.0.0.0/8"], operational: ops%s }
                """.formatted(dir, opsUrl, outboundExtra);
    }

    private static boolean paused(Gateway gateway, String endpoint) {
        return gateway.pipeline().store().pauses().stream()
                .anyMatch(p -> p.kind() == Pause.Kind.DESTINATION && p.name().equals(endpoint));
    }

    @Test
    void anEndpointAnswering410IsDisabledSkippedByNewMessagesAndEnablingItSendsAgain() throws Exception {
        AtomicBoolean fixed = new AtomicBoolean();
        try (Downstream ops = new Downstream();
             Downstream gone = new Downstream().script(n -> Downstream.Reply.status(fixed.get() ? 200 : 410));
             Downstream other = new Downstream();
             Gateway gateway = start(config(yaml(ops.url(), "")))) {
            AdminHttp admin = new AdminHttp(gateway.port());
            admin.call("POST", "/api/v1/apps", "{\"uid\":\"acme\"}", 201);
            String goneId = admin.endpoint("acme", "{\"url\":\"" + gone.url() + "\"}");
            admin.endpoint("acme", "{\"url\":\"" + other.url() + "\"}");

            admin.publish("acme", "{\"event_type\":\"invoice.paid\",\"payload\":{\"n\":1}}");
            await().atMost(WAIT).until(() -> admin.call("GET", "/api/v1/apps/acme/endpoints/" + goneId, null, 200).get("disabled").asBoolean());
            assertThat(paused(gateway, goneId)).as("what waits for it waits on").isTrue();
            await().atMost(WAIT).until(() -> ops.received().stream().anyMatch(r -> r.bodyText().contains("endpoint.disabled")
                    && r.bodyText().contains(goneId)));

            String second = admin.publish("acme", "{\"event_type\":\"invoice.paid\",\"payload\":{\"n\":2}}");
            JsonNode deliveries = admin.call("GET", "/api/v1/apps/acme/messages/" + second, null, 200).get("deliveries");
            assertThat(deliveries).as("only the enabled endpoint gets the new message").hasSize(1);
            assertThat(deliveries.get(0).get("destination").asText()).isNotEqualTo(goneId);
            await().atMost(WAIT).until(() -> other.succeeded().size() == 2);
            assertThat(gone.received()).hasSize(1);

            fixed.set(true);
            admin.call("PATCH", "/api/v1/apps/acme/endpoints/" + goneId, "{\"disabled\":false}", 200);
            assertThat(paused(gateway, goneId)).isFalse();
            admin.publish("acme", "{\"event_type\":\"invoice.paid\",\"payload\":{\"n\":3}}");
            await().atMost(WAIT).until(() -> gone.succeeded().size() == 1 && other.succeeded().size() == 3);
        }
    }

    @Test
    void disablingAnEndpointHoldsItsWaitingDeliveriesAndEnablingItSendsThem() throws Exception {
        AtomicBoolean up = new AtomicBoolean();
        try (Downstream ops = new Downstream();
             Downstream flaky = new Downstream().script(n -> Downstream.Reply.status(up.get() ? 200 : 503));
             Gateway gateway = start(config(yaml(ops.url(), "")))) {
            gateway.pipeline().endpoints().retryPolicy(QUICK);
            AdminHttp admin = new AdminHttp(gateway.port());
            admin.call("POST", "/api/v1/apps", "{\"uid\":\"acme\"}", 201);
            String id = admin.endpoint("acme", "{\"url\":\"" + flaky.url() + "\"}");
            String message = admin.publish("acme", "{\"event_type\":\"invoice.paid\",\"payload\":{\"n\":1}}");
            await().atMost(WAIT).until(() -> flaky.arrived() >= 1);

            admin.call("PATCH", "/api/v1/apps/acme/endpoints/" + id, "{\"disabled\":true}", 200);
            assertThat(paused(gateway, id)).isTrue();
            // An attempt already in flight when the endpoint was disabled cannot be called back: wait until it has
            // ended (the delivery is waiting again) before the receiver recovers, so only held deliveries are judged.
            await().atMost(WAIT).until(() -> "PENDING".equals(deliveryState(admin, message)));
            int triedBefore = flaky.arrived();
            up.set(true);
            Instant heldUntil = Instant.now().plusSeconds(2); // several retry delays: nothing may go meanwhile
            await().atMost(WAIT).until(() -> Instant.now().isAfter(heldUntil));
            assertThat(flaky.arrived()).as("disabled: its waiting delivery is held").isEqualTo(triedBefore);
            assertThat(flaky.succeeded()).isEmpty();
            assertThat(deliveryState(admin, message)).isEqualTo("PENDING");

            admin.call("PATCH", "/api/v1/apps/acme/endpoints/" + id, "{\"disabled\":false}", 200);
            await().atMost(WAIT).until(() -> flaky.succeeded().size() == 1);
        }
    }

    private static String deliveryState(AdminHttp admin, String message) throws Exception {
        return admin.call("GET", "/api/v1/apps/acme/messages/" + message, null, 200).get("deliveries").get(0).get("state").asText();
    }

    @Test
    void anEndpointFailingLongerThanDisableAfterIsDisabledAndTheOperatorIsTold() throws Exception {
        try (Downstream ops = new Downstream();
             Downstream down = new Downstream().script(n -> Downstream.Reply.status(503));
             Gateway gateway = start(config(yaml(ops.url(), ", disable-after: 1s")))) {
            gateway.pipeline().endpoints().retryPolicy(QUICK);
            AdminHttp admin = new AdminHttp(gateway.port());
            admin.call("POST", "/api/v1/apps", "{\"uid\":\"acme\"}", 201);
            String id = admin.endpoint("acme", "{\"url\":\"" + down.url() + "\"}");
            admin.publish("acme", "{\"event_type\":\"invoice.paid\",\"payload\":{\"n\":1}}");

            await().atMost(WAIT).until(() -> admin.call("GET", "/api/v1/apps/acme/endpoints/" + id, null, 200).get("disabled").asBoolean());
            assertThat(down.arrived()).as("it failed more than once before it was disabled").isGreaterThan(1);
            assertThat(paused(gateway, id)).isTrue();
            await().atMost(WAIT).until(() -> ops.received().stream().anyMatch(r -> r.bodyText().contains("endpoint.disabled")
                    && r.bodyText().contains("disable-after")));
        }
    }
}
