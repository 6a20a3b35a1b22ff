package dev.junction.server.http;

import static dev.junction.server.TestGateways.*;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.junction.server.Gateway;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * What operators did through the admin API is in the gateway's log, one line each: a pause, an application and its
 * endpoint made, a signing secret read, a dead letter purged; by which key, never with a body or a secret. Nothing of
 * it was logged, so after an incident no one could tell who paused a destination or read a customer's secret.
 */
class AuditLogTest {

    @TempDir
    Path dir;

    private final Logger audit = (Logger) LoggerFactory.getLogger("dev.junction.audit");
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private Level level;

    @BeforeEach
    void capture() {
        level = audit.getLevel();
        audit.setLevel(Level.INFO);
        logged.start();
        audit.addAppender(logged);
    }

    @AfterEach
    void release() {
        audit.detachAppender(logged);
        audit.setLevel(level);
    }

    @Test
    void eachChangeAndEachSecretReadIsOneLineNamingTheKey() throws Exception {
        try (Gateway gateway = start(config(stripeGateway(dir) + """
                destinations:
                  billing: { url: "http://127.0.0.1:9/hooks" }
                routes:
                  - { from: stripe, to: [billing] }
                outbound: { allow-networks: ["127.0.0.0/8"] }
                """))) {
            int port = gateway.port();
            assertThat(postJson(port, "/api/v1/destinations/billing/pause", "{\"reason\":\"incident 42\"}").statusCode()).isEqualTo(200);
            assertThat(postJson(port, "/api/v1/apps", "{\"uid\":\"acme\"}").statusCode()).isEqualTo(201);
            String endpoint = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                    postJson(port, "/api/v1/apps/acme/endpoints", "{\"url\":\"http://127.0.0.1:9/in\"}").body()).get("id").asText();
            String secret = get(port, "/api/v1/apps/acme/endpoints/" + endpoint + "/secret/").body();
            assertThat(postJson(port, "/api/v1/apps/acme/messages", "{\"event_type\":\"a.b\",\"payload\":{\"card\":\"4242\"}}").statusCode())
                    .isEqualTo(202);
            assertThat(postJson(port, "/api/v1/apps/acme/messages/", "{\"event_type\":\"a.b\",\"payload\":{}}").statusCode())
                    .as("the same route, with the slash Javalin ignores: still the data plane").isEqualTo(202);
            assertThat(get(port, "/api/v1/destinations").statusCode()).isEqualTo(200);
            assertThat(delete(port, "/api/v1/dead-letters/dlv_nope").statusCode()).isEqualTo(404);
            assertThat(request(port, "POST", "/api/v1/destinations/billing/resume", Map.of()).statusCode()).isEqualTo(401);

            List<String> lines = logged.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
            assertThat(lines).hasSize(5);
            assertThat(lines.get(0)).startsWith("admin POST /api/v1/destinations/billing/pause answered 200 (key '");
            assertThat(lines.get(1)).startsWith("admin POST /api/v1/apps answered 201");
            assertThat(lines.get(2)).startsWith("admin POST /api/v1/apps/acme/endpoints answered 201");
            assertThat(lines.get(3)).startsWith("admin GET /api/v1/apps/acme/endpoints/" + endpoint + "/secret/ answered 200");
            assertThat(lines.get(4)).startsWith("admin DELETE /api/v1/dead-letters/dlv_nope answered 404");
            assertThat(String.join("\n", lines)).doesNotContain("incident 42", "4242", "whsec_", secret.substring(Math.max(0, secret.length() - 12)));
        }
    }
}
