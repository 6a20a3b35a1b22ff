package dev.junction.engine.sync;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A system whose changes are stamped well after Junction received them is told of: once per system an hour, on a stepped clock. */
class ClockAheadTest {

    static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");
    Instant now = T0;
    final Clock clock = new Clock() {
        @Override public Instant instant() { return now; }
        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
    };
    final ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(ClockAhead.class);
    final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    {
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(appender);
    }

    private List<String> lines() {
        return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void aSystemStampingChangesMoreThanAMinuteAheadIsToldOncePerHour() {
        ClockAhead ahead = new ClockAhead("contacts", clock);

        ahead.check("crm-b", now.plusSeconds(60), now);
        ahead.check("crm-b", null, now);
        assertThat(lines()).as("a minute ahead is within what clocks and networks explain").isEmpty();

        ahead.check("crm-b", now.plus(Duration.ofMinutes(5)), now);
        now = now.plus(Duration.ofMinutes(30));
        ahead.check("crm-b", now.plus(Duration.ofMinutes(5)), now);
        ahead.check("crm-c", now.plus(Duration.ofMinutes(2)), now);
        assertThat(lines()).containsExactly(
                "sync 'contacts': system 'crm-b' stamps its changes 300 s after Junction received them: its clock runs ahead, and under"
                        + " last-writer-wins its edits win every crossing edit; set its clock right (told once an hour)",
                "sync 'contacts': system 'crm-c' stamps its changes 120 s after Junction received them: its clock runs ahead, and under"
                        + " last-writer-wins its edits win every crossing edit; set its clock right (told once an hour)");
        assertThat(appender.list).extracting(e -> e.getLevel().toString()).containsOnly("WARN");

        now = T0.plus(Duration.ofHours(1));
        ahead.check("crm-b", now.plus(Duration.ofMinutes(5)), now);
        assertThat(lines()).hasSize(3);
    }
}
