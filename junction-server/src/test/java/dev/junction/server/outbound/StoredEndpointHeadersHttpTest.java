package dev.junction.server.outbound;

import static dev.junction.server.TestGateways.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.server.Downstream;
import dev.junction.server.Gateway;
import dev.junction.store.Endpoint;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * An endpoint stored by an earlier version with a header the API now refuses (Content-Encoding on a plain body, a value
 * outside ASCII) went on sending it: the receiver read a JSON body as gzip, or a name as Latin-1 bytes. Such a header is
 * left out of every delivery, and the log says so once per endpoint and header, never with its value.
 */
class StoredEndpointHeadersHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aHeaderRefusedSinceItWasStoredIsNotSent() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        Level level = root.getLevel();
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        root.setLevel(Level.WARN);
        root.addAppender(logged);
        try (Downstream receiver = new Downstream(); Gateway gateway = start(config(stripeGateway(dir) + """
                destinations:
                  billing: { url: "http://127.0.0.1:9/unused" }
                routes:
                  - { from: stripe, to: [billing] }
                delivery: { poll-interval: 200ms }
                outbound: { allow-networks: ["127.0.0.0/8"] }
                """))) {
            int port = gateway.port();
            String app = JSON.readTree(postJson(port, "/api/v1/apps", "{\"uid\":\"acme\"}").body()).get("id").asText();
            Instant now = Instant.now();
            gateway.pipeline().store().createEndpoint(new Endpoint("ep_older", app, receiver.url(), null, null, null,
                    Map.of("X-Tenant", "acme", "Content-Encoding", "gzip", "X-Owner", "Zoë"), 0, false,
                    "whsec_c2VjcmV0LW9uZS1zZWNyZXQtb25lLXNlY3JldC1vbmU=", null, null, now, now));

            for (int i = 0; i < 2; i++) {
                assertThat(postJson(port, "/api/v1/apps/acme/messages", "{\"event_type\":\"a.b\",\"payload\":{\"n\":" + i + "}}").statusCode())
                        .isEqualTo(202);
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.succeeded().size() == 2);
            for (Downstream.Received r : receiver.succeeded()) {
                assertThat(r.header("X-Tenant")).isEqualTo("acme");
                assertThat(r.header("Content-Encoding")).as("the body is sent as it is").isNull();
                assertThat(r.header("X-Owner")).isNull();
                assertThat(JSON.readTree(r.bodyText()).has("n")).as(r.bodyText()).isTrue();
            }
        } finally {
            root.detachAppender(logged);
            root.setLevel(level);
        }
        assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage)
                .filteredOn(line -> line.contains("ep_older")).hasSize(2)
                .anySatisfy(line -> assertThat(line).contains("'Content-Encoding'"))
                .anySatisfy(line -> assertThat(line).contains("the value of 'X-Owner' has a character outside ASCII"))
                .allSatisfy(line -> assertThat(line).doesNotContain("gzip", "Zoë"));
    }
}
