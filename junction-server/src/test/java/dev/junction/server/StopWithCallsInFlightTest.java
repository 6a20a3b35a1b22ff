package dev.junction.server;

import static dev.junction.server.TestGateways.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.junction.server.Downstream.Reply;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A routine stop while a slow receiver holds calls: one INFO line says calls were cut off and go out again, where each
 * cut-off delivery was a WARN ("could not record attempt ...: store is closed"), 32 of them for 20 events in a probe.
 */
class StopWithCallsInFlightTest {

    @TempDir
    Path dir;

    @Test
    void callsCutOffByAStopAreOneInfoLineNotAWarningEach() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        Level level = root.getLevel();
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        root.setLevel(Level.INFO);
        root.addAppender(logged);
        try (Downstream slow = new Downstream().script(n -> new Reply(200, null, 30_000))) {
            Gateway gateway = start(config(stripeGateway(dir) + """
                    destinations:
                      billing: { url: "%s", timeout: 25s }
                    routes:
                      - { from: stripe, to: [billing] }
                    delivery: { workers: 8, poll-interval: 100ms, lease: 40s }
                    """.formatted(slow.url())));
            for (int i = 0; i < 6; i++) assertThat(postStripe(gateway.port(), stripeEvent("evt_cut_" + i)).statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(20)).until(() -> slow.arrived() >= 6);
            gateway.close();
        } finally {
            root.detachAppender(logged);
            root.setLevel(level);
        }
        assertThat(logged.list).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).extracting(ILoggingEvent::getFormattedMessage)
                .noneMatch(m -> m.contains("could not record attempt"));
        assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage)
                .anyMatch(m -> m.contains("were cut off by the stop; their deliveries go out again once their leases run out"));
    }
}
