package dev.junction.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code junction demo ical}: 18 simulated months through a real gateway lose no booking and catch both overbookings. */
class IcalDemoTest {

    @TempDir
    Path dir;

    @Test
    void eighteenMonthsOfCalendarsThroughTheGatewayCancelNothingWronglyAndCatchBothOverbookings() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int code = new IcalDemo(dir, Duration.ofSeconds(40), new PrintStream(printed, true, StandardCharsets.UTF_8)).run();
        String out = printed.toString(StandardCharsets.UTF_8);
        System.out.print(out);

        assertThat(code).as(out).isZero();
        assertThat(out).contains("bookings wrongly cancelled: 0", "conflicts caught:         2 of 2 overbookings (0 false)", "result: OK",
                "OK: no booking lost or wrongly cancelled");
        assertThat(out).containsPattern("delivered to the PMS: +(\\d+) of \\1 messages");
    }
}
