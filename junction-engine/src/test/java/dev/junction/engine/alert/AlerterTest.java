package dev.junction.engine.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlerterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Instant now = Instant.parse("2026-11-23T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    };

    private Alert dead(int i) {
        return new Alert(Alert.Kind.DELIVERY_DEAD, "billing", "delivery dlv_" + i + " is dead", now);
    }

    @Test
    void aStormSendsTheFirstAlertAtOnceThenOneSummaryPerInterval() throws Exception {
        List<String> sent = new ArrayList<>();
        Alerter alerter = new Alerter(clock, Duration.ofMinutes(1), sent::add);
        alerter.raise(dead(0));
        assertThat(sent).hasSize(1);
        for (int i = 1; i <= 999; i++) alerter.raise(dead(i));
        alerter.raise(new Alert(Alert.Kind.BREAKER_OPENED, "billing", "opened", now));
        alerter.flush();
        assertThat(sent).as("still inside the interval").hasSize(1);

        now = now.plus(Duration.ofMinutes(1));
        alerter.flush();
        assertThat(sent).hasSize(2);
        JsonNode summary = JSON.readTree(sent.get(1));
        assertThat(summary.get("total").asInt()).isEqualTo(1000);
        assertThat(summary.get("byKind").get("DELIVERY_DEAD").asInt()).isEqualTo(999);
        assertThat(summary.get("byKind").get("BREAKER_OPENED").asInt()).isEqualTo(1);
        assertThat(summary.get("alerts")).hasSize(20);

        alerter.flush();
        assertThat(sent).as("nothing new, nothing sent").hasSize(2);
        now = now.plus(Duration.ofMinutes(5));
        alerter.raise(dead(1000));
        assertThat(sent).as("after a quiet interval the next alert goes out at once").hasSize(3);
        assertThat(JSON.readTree(sent.get(2)).get("total").asInt()).isEqualTo(1);
    }

    private static ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged() {
        var logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(Alerter.class);
        var appender = new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
        appender.start();
        logger.addAppender(appender);
        return appender;
    }

    private static List<String> lines(ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender) {
        return appender.list.stream().map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void aStormOfDeadLettersIsAFewLogLinesPerDestinationAndIntervalThatKeepTheCount() {
        var appender = logged();
        try {
            Alerter alerter = Alerter.logOnly(clock); // no webhook: the log is summed up all the same
            for (int i = 0; i < 15_050; i++) alerter.raise(dead(i));
            for (int i = 0; i < 7; i++) alerter.raise(new Alert(Alert.Kind.DELIVERY_DEAD, "crm", "delivery dlv_c" + i + " is dead", now));
            assertThat(lines(appender)).as("the first five per destination in full, the rest only counted so far").hasSize(10)
                    .startsWith("alert DELIVERY_DEAD destination=billing: delivery dlv_0 is dead")
                    .contains("alert DELIVERY_DEAD destination=crm: delivery dlv_c4 is dead");

            now = now.plusSeconds(59);
            alerter.flush();
            assertThat(lines(appender)).as("the interval is not over").hasSize(10);
            now = now.plusSeconds(1);
            alerter.flush();
            assertThat(lines(appender).subList(10, lines(appender).size())).containsExactlyInAnyOrder(
                    "alert DELIVERY_DEAD destination=billing: 15045 more deliveries to billing died between 10:00:00 and 10:01:00 UTC (15050 in all, "
                            + "the first 5 logged above; junction dlq list --config FILE --destination billing)",
                    "alert DELIVERY_DEAD destination=crm: 2 more deliveries to crm died between 10:00:00 and 10:01:00 UTC (7 in all, "
                            + "the first 5 logged above; junction dlq list --config FILE --destination crm)");
            alerter.flush();
            assertThat(lines(appender)).as("each count once").hasSize(12);

            now = now.plusSeconds(1);
            for (int i = 0; i < 6; i++) alerter.raise(dead(20_000 + i));
            assertThat(lines(appender)).as("a new interval logs its first five in full again").hasSize(17)
                    .endsWith("alert DELIVERY_DEAD destination=billing: delivery dlv_20004 is dead");
            now = now.plusSeconds(10);
            alerter.close();
            assertThat(lines(appender)).as("closing logs what was only counted").hasSize(18).endsWith(
                    "alert DELIVERY_DEAD destination=billing: 1 more delivery to billing died between 10:01:01 and 10:01:11 UTC (6 in all, "
                            + "the first 5 logged above; junction dlq list --config FILE --destination billing)");
        } finally {
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(Alerter.class)).detachAppender(appender);
        }
    }
}
