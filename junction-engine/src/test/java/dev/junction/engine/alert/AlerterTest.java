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
}
