package dev.junction.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's main job, small: it must settle, replay its dead letters and deliver every accepted event. */
class DemoTest {

    @TempDir
    Path dir;

    @Test
    void theDemoDeliversEveryAcceptedEventAndSaysSo() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = new Demo(new Demo.Settings(60, 8, dir, Duration.ofSeconds(40)), new PrintStream(out, true, StandardCharsets.UTF_8)).run();
        String report = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(report).isZero();
        assertThat(report).contains("Report", "rejected (401)", "bad-signature", "stale-timestamp", "dead-lettered", "replayed")
                .contains("OK: all").doesNotContain("NOT SETTLED");
    }
}
